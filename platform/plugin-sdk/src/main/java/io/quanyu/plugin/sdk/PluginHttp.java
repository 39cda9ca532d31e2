package io.quanyu.plugin.sdk;

import javax.net.SocketFactory;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Outgoing network access for plugins, within the hosts the manifest declares in {@code egress} ({@code host},
 * {@code host:port}, or {@code *.domain} for its subdomains). Every request, every redirect it follows (at most 5,
 * never from https to http) and every socket is checked before it connects: a host the manifest does not declare
 * is refused with {@code EGRESS_NOT_DECLARED}, and a host that resolves to a loopback, private, link-local or
 * otherwise non-public address (cloud metadata at 169.254.169.254 included) with {@code EGRESS_ADDRESS_BLOCKED},
 * unless the platform's operator allows that host. The platform sets the connect timeout and caps each request's
 * timeout (a longer {@link HttpRequest#timeout()} is shortened), so a slow partner cannot hold the plugin's call past
 * its limit; a response body may have at most {@link #MAX_RESPONSE_BYTES} bytes.
 * <p>
 * A library that brings its own HTTP client or opens its own sockets is not checked, and its threads may outlive the
 * call: give it this client (an adapter) or {@link #sockets()}.
 */
@PublicApi
public interface PluginHttp {
    /** The most bytes a response body may have; a larger one fails with {@code HTTP_RESPONSE_TOO_LARGE}. */
    int MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

    /**
     * Sends the request and reads the body as UTF-8 text.
     *
     * @throws PluginException {@code HTTP_FAILED} when the request cannot be completed in time, or an egress code
     */
    HttpResponse<String> send(HttpRequest request);

    /**
     * Sends the request and reads the body as bytes (images, media, archives).
     *
     * @throws PluginException as {@link #send}, or {@code HTTP_RESPONSE_TOO_LARGE}
     * @since 1.1
     */
    HttpResponse<byte[]> sendForBytes(HttpRequest request);

    /**
     * Sockets for protocols other than HTTP (SMTP with Jakarta Mail's {@code mail.smtp.socketFactory}, for one),
     * checked like the HTTP requests: {@code connect} to a refused destination throws a
     * {@link java.net.SocketException} whose message starts with the code. Connects time out as HTTP's do, and
     * reads time out unless the caller sets its own. For TLS, layer it over a connected socket with
     * {@code SSLSocketFactory.createSocket(socket, host, port, true)}.
     *
     * @since 1.1
     */
    SocketFactory sockets();
}
