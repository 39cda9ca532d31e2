package io.quanyu.plugin.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quanyu.plugin.sdk.webhook.WebhookResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The platform's {@code /hooks/<tenant>/<plugin>/...} entry for tests whose outside party calls back over HTTP (a
 * provider's test double pushing callbacks): an HTTP server on 127.0.0.1 that hands each request to a plugin's
 * webhooks on the test host, as the platform does. It can lose the plugin's next answers (the plugin saw the request,
 * the caller saw a failure), so that a caller that retries delivers the same request again.
 */
public final class WebhookServer implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger answersToLose = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();

    private final String pluginId;

    /** Serves {@code plugin}'s webhooks for {@code tenant}. */
    public WebhookServer(TestHost host, Installed plugin, String tenant) {
        this.pluginId = plugin.id();
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String prefix = "/hooks/" + tenant + "/" + plugin.id() + "/";
        server.createContext(prefix, exchange -> forward(exchange, host, plugin, tenant, prefix));
        server.start();
    }

    /** The URL of a webhook path of the plugin, as the caller is given it. */
    public String url(String tenant, String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/" + tenant + "/" + pluginId + "/" + path;
    }

    /** Answers the next {@code count} calls with 503 after the plugin handled them. */
    public void loseNextAnswers(int count) {
        answersToLose.set(count);
    }

    /** How many requests reached the plugin. */
    public int calls() {
        return calls.get();
    }

    private void forward(HttpExchange exchange, TestHost host, Installed plugin, String tenant, String prefix)
            throws IOException {
        try (exchange) {
            String query = exchange.getRequestURI().getRawQuery();
            String target = exchange.getRequestURI().getRawPath().substring(prefix.length())
                    + (query == null ? "" : "?" + query);
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.getFirst()));
            calls.incrementAndGet();
            WebhookResponse response = host.webhook(plugin, tenant, exchange.getRequestMethod(), target, headers,
                    exchange.getRequestBody().readAllBytes());
            if (answersToLose.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            exchange.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
            exchange.getResponseBody().write(response.body());
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
