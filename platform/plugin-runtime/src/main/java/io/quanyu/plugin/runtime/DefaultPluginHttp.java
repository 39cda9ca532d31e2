package io.quanyu.plugin.runtime;

import io.quanyu.plugin.sdk.PluginException;
import io.quanyu.plugin.sdk.PluginHttp;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Outgoing HTTP for plugins over one JDK client per node, created with the runtime (never inside a plugin call, so
 * its threads hold no plugin class loader). Each request's timeout is capped.
 */
final class DefaultPluginHttp implements PluginHttp, AutoCloseable {
    private final HttpClient client;
    private final Duration cap;

    DefaultPluginHttp(Duration cap) {
        this.cap = cap;
        this.client = HttpClient.newBuilder().connectTimeout(cap.compareTo(Duration.ofSeconds(5)) < 0 ? cap : Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    @Override
    public HttpResponse<String> send(HttpRequest request) {
        Duration timeout = request.timeout().filter(t -> t.compareTo(cap) < 0).orElse(cap);
        HttpRequest capped = HttpRequest.newBuilder(request, (name, value) -> true).timeout(timeout).build();
        try {
            return client.send(capped, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PluginException("HTTP_FAILED", "the request to " + request.uri().getHost() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException("HTTP_FAILED", "the request was interrupted", e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
