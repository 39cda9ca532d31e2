package io.quanyu.plugins.wechat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quanyu.plugin.sdk.webhook.WebhookResponse;
import io.quanyu.plugin.testkit.Installed;
import io.quanyu.plugin.testkit.TestHost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The platform's {@code /hooks/...} entry for the tests: an HTTP server on 127.0.0.1 that hands WeChat's callbacks to
 * the plugin's webhooks on the test host, as the platform does. It can lose the plugin's next answers (the plugin
 * saw the request, WeChat saw a failure), so that WeChat delivers the same callback again.
 */
final class CallbackBridge implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger answersToLose = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();

    CallbackBridge(TestHost host, Installed plugin, String tenant) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String prefix = "/hooks/" + tenant + "/" + plugin.id() + "/";
        server.createContext(prefix, exchange -> forward(exchange, host, plugin, tenant, prefix));
        server.start();
    }

    /** The URL of a webhook path of the plugin, as WeChat is given it. */
    String url(String tenant, String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/" + tenant + "/"
                + WeChatPluginZip.PLUGIN_ID + "/" + path;
    }

    /** Answers the next {@code count} calls with 503 after the plugin handled them. */
    void loseNextAnswers(int count) {
        answersToLose.set(count);
    }

    /** How many requests reached the plugin. */
    int calls() {
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
