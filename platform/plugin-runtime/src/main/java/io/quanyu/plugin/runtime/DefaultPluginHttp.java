package io.quanyu.plugin.runtime;

import io.quanyu.plugin.sdk.PluginException;
import io.quanyu.plugin.sdk.PluginHttp;

import javax.net.SocketFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Flow;

/**
 * Outgoing HTTP for plugins over one JDK client per node, created with the runtime (never inside a plugin call, so
 * its threads hold no plugin class loader). Each request's timeout is capped, its response body is read up to
 * {@link PluginHttp#MAX_RESPONSE_BYTES}, and every hop is checked against the release's {@link Egress} before it
 * is sent: the client follows no redirect itself; {@link #forRelease} follows up to {@value #MAX_REDIRECTS}, each
 * checked, never from https to http.
 */
final class DefaultPluginHttp implements AutoCloseable {
    static final int MAX_REDIRECTS = 5;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private final HttpClient client;
    private final Duration cap;

    DefaultPluginHttp(Duration cap) {
        this.cap = cap;
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout(cap))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    static Duration connectTimeout(Duration cap) {
        return cap.compareTo(Duration.ofSeconds(5)) < 0 ? cap : Duration.ofSeconds(5);
    }

    /** The HTTP client and socket factory of one release's calls, within its egress. */
    PluginHttp forRelease(Egress egress) {
        return new PluginHttp() {
            @Override
            public HttpResponse<String> send(HttpRequest request) {
                return exchange(request, egress, HttpResponse.BodySubscribers.mapping(new CappedBytes(),
                        bytes -> new String(bytes, StandardCharsets.UTF_8)));
            }

            @Override
            public HttpResponse<byte[]> sendForBytes(HttpRequest request) {
                return exchange(request, egress, new CappedBytes());
            }

            @Override
            public SocketFactory sockets() {
                return new CheckedSocketFactory(egress, connectTimeout(cap), cap);
            }
        };
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, Egress egress, HttpResponse.BodySubscriber<T> body) {
        Duration timeout = request.timeout().filter(t -> t.compareTo(cap) < 0).orElse(cap);
        HttpRequest current = HttpRequest.newBuilder(request, (name, value) -> true).timeout(timeout).build();
        for (int hop = 0; ; hop++) {
            URI uri = current.uri();
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new PluginException("HTTP_FAILED", "only http and https URLs can be requested, not " + uri);
            }
            egress.check(uri.getHost(), uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80);
            boolean mayFollow = hop < MAX_REDIRECTS;
            HttpResponse<T> response = send(current, info -> mayFollow && REDIRECTS.contains(info.statusCode())
                    && info.headers().firstValue("location").isPresent()
                    ? HttpResponse.BodySubscribers.replacing(null) : body);
            if (!mayFollow || !REDIRECTS.contains(response.statusCode())
                    || response.headers().firstValue("location").isEmpty()) {
                return response;
            }
            URI next = location(uri, response.headers().firstValue("location").orElseThrow());
            String nextScheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
            if (!nextScheme.equals("https") && !(nextScheme.equals("http") && scheme.equals("http"))) {
                throw new PluginException("HTTP_FAILED", "the redirect from " + uri.getHost() + " leads to " + next
                        + (scheme.equals("https") ? ", leaving https" : ", not an http URL"));
            }
            current = redirected(current, next, response.statusCode());
        }
    }

    private static URI location(URI from, String location) {
        try {
            return from.resolve(location);
        } catch (IllegalArgumentException e) {
            throw new PluginException("HTTP_FAILED", "the redirect from " + from.getHost() + " names no valid URL: " + location);
        }
    }

    /** The request a redirect asks for: 307 and 308 repeat it, the others become a GET without a body. */
    private static HttpRequest redirected(HttpRequest from, URI to, int status) {
        HttpRequest.Builder next = HttpRequest.newBuilder(from, (name, value) -> !name.equalsIgnoreCase("authorization")
                || sameOrigin(from.uri(), to)).uri(to);
        if (status == 307 || status == 308) {
            return next.build();
        }
        return next.method("GET", HttpRequest.BodyPublishers.noBody()).build();
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && a.getPort() == b.getPort();
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return client.send(request, handler);
        } catch (IOException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof CappedBytes.TooLarge) {
                    throw new PluginException("HTTP_RESPONSE_TOO_LARGE", "the response from " + request.uri().getHost()
                            + " is larger than " + PluginHttp.MAX_RESPONSE_BYTES + " bytes");
                }
            }
            throw new PluginException("HTTP_FAILED", "the request to " + request.uri().getHost() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException("HTTP_FAILED", "the request was interrupted", e);
        }
    }

    /** A response body as bytes, refused once it grows past {@link PluginHttp#MAX_RESPONSE_BYTES}. */
    static final class CappedBytes implements HttpResponse.BodySubscriber<byte[]> {
        private final HttpResponse.BodySubscriber<byte[]> bytes = HttpResponse.BodySubscribers.ofByteArray();
        private Flow.Subscription subscription;
        private long received;
        private boolean failed;

        @Override
        public java.util.concurrent.CompletionStage<byte[]> getBody() {
            return bytes.getBody();
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            bytes.onSubscribe(subscription);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (failed) {
                return;
            }
            received += items.stream().mapToLong(ByteBuffer::remaining).sum();
            if (received > PluginHttp.MAX_RESPONSE_BYTES) {
                failed = true;
                subscription.cancel();
                bytes.onError(new TooLarge());
                return;
            }
            bytes.onNext(items);
        }

        @Override
        public void onError(Throwable error) {
            if (!failed) {
                bytes.onError(error);
            }
        }

        @Override
        public void onComplete() {
            if (!failed) {
                bytes.onComplete();
            }
        }

        static final class TooLarge extends IOException {
            TooLarge() {
                super("the response is too large");
            }
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
