package io.quanyu.plugin.sdk;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Outgoing HTTP for plugins. The platform sets the connect timeout and caps each request's timeout (a longer
 * {@link HttpRequest#timeout()} is shortened), so a slow partner cannot hold the plugin's call past its limit.
 */
@PublicApi
public interface PluginHttp {

    /**
     * Sends the request and reads the body as UTF-8 text.
     *
     * @throws PluginException with code {@code HTTP_FAILED} when the request cannot be completed in time
     */
    HttpResponse<String> send(HttpRequest request);
}
