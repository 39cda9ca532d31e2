package com.example.hello;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.StoreEntry;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import io.quanyu.plugin.sdk.webhook.WebhookHandler;
import io.quanyu.plugin.sdk.webhook.WebhookRequest;
import io.quanyu.plugin.sdk.webhook.WebhookResponse;
import org.pf4j.Extension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A page for the customer: a tenant's staff make a personal link ({@code visitLink}, sent by SMS or a WeChat
 * message), the customer opens it and sees their visit card. The link carries a customer session; the first visit
 * moves it into a cookie and sends the browser on to the clean address, so the token leaves the address bar and the
 * history. The page answers only with a session of the tenant's customer: the platform checks it before this code
 * runs ({@code "auth": "customer"} in the manifest).
 */
public final class VisitCard {
    static final String PATH = "card";
    static final Duration LINK_LIFETIME = Duration.ofDays(7);

    private VisitCard() {
    }

    /** {@code visitLink}: a link to the customer's visit card, valid for a week. */
    @Extension
    public static class Link implements Operation {
        @Override
        public String name() {
            return "visitLink";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            PluginContext context = request.context();
            String customerId = String.valueOf(request.input().get("customerId"));
            if (context.customers().profile(customerId).isEmpty()) {
                return OperationResult.refused("CUSTOMER_UNKNOWN", "there is no customer " + customerId);
            }
            String session = context.sessions().issue(customerId, LINK_LIFETIME);
            return OperationResult.ok(Map.of("url", context.publicUrl(PATH) + "?session=" + session,
                    "expiresInDays", LINK_LIFETIME.toDays()));
        }
    }

    /** The card itself, and logging out of it. */
    @Extension
    public static class Page implements WebhookHandler {
        @Override
        public String path() {
            return PATH;
        }

        @Override
        public WebhookResponse handle(WebhookRequest request) {
            PluginContext context = request.context();
            String session = request.parameter("session");
            if (session != null) {
                return WebhookResponse.redirect(context.publicUrl(PATH)).withHeader("Set-Cookie", "quanyu_session="
                        + session + "; Path=/hooks/" + context.tenant() + "/; Max-Age=" + LINK_LIFETIME.toSeconds()
                        + "; Secure; HttpOnly; SameSite=Lax");
            }
            if (request.method().equals("POST") && request.subPath().equals("/logout")) {
                context.sessions().revokeAll(request.customerId());
                return WebhookResponse.text(200, "You are logged out.");
            }
            long visits = context.store().get(VisitsOperation.key(request.customerId())).map(StoreEntry::value)
                    .map(v -> ((Number) v).longValue()).orElse(0L);
            String greeting = context.settings().text("greeting").orElse(GreetOperation.DEFAULT_GREETING);
            String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                    + "<meta name=\"viewport\" content=\"width=device-width\"><title>Your visits</title></head>"
                    + "<body><h1>" + escape(greeting) + "!</h1><p>You have visited us <b id=\"visits\">" + visits
                    + "</b> times.</p></body></html>";
            return WebhookResponse.bytes(200, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8))
                    .withHeader("Cache-Control", "private, no-store");
        }

        private static String escape(String text) {
            return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        }
    }
}
