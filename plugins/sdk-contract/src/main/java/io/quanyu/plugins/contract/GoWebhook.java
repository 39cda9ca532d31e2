package io.quanyu.plugins.contract;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.webhook.WebhookHandler;
import io.quanyu.plugin.sdk.webhook.WebhookRequest;
import io.quanyu.plugin.sdk.webhook.WebhookResponse;
import org.pf4j.Extension;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;

/**
 * {@code /hooks/{tenant}/sdk-contract/go}, the customer-facing endpoints of a message: {@code go?to=<url>} counts a
 * click and redirects there (302, an http or https address only); {@code go/pixel} counts an open and answers a
 * transparent 1x1 GIF (bytes); {@code go/whoami} answers the pixel's public URL, the caller's address and the time
 * left before the call's deadline and the clicks and opens counted; {@code go/bad} answers a header the platform sets itself, which the platform
 * refuses; {@code go/login?phone=...}, called by a partner that has identified the customer (the tenant's token in
 * {@code X-Contract-Token}), opens a customer session for the customer with that phone, sets it as the
 * {@code quanyu_session} cookie and redirects to the customer's page ({@link MeWebhook}). Every answer says
 * {@code Cache-Control: no-store}.
 */
@Extension
public class GoWebhook implements WebhookHandler {
    static final byte[] PIXEL = Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    @Override
    public String path() {
        return "go";
    }

    @Override
    public WebhookResponse handle(WebhookRequest request) {
        PluginContext context = request.context();
        WebhookResponse answer = switch (request.subPath()) {
            case "" -> click(context, request.parameter("to"));
            case "/pixel" -> {
                context.store().increment("opens", 1, null);
                yield WebhookResponse.bytes(200, "image/gif", PIXEL);
            }
            case "/whoami" -> WebhookResponse.json(200, "{\"publicUrl\": \"" + context.publicUrl("go/pixel")
                    + "\", \"remoteAddress\": \"" + request.remoteAddress() + "\", \"msLeft\": "
                    + Duration.between(Instant.now(), context.deadline()).toMillis() + ", \"clicks\": "
                    + count(context, "clicks") + ", \"opens\": " + count(context, "opens") + "}");
            case "/bad" -> WebhookResponse.text(200, "framed by the plugin").withHeader("Content-Length", "3");
            case "/login" -> login(request);
            default -> WebhookResponse.text(404, "no such page");
        };
        return answer.withHeader("Cache-Control", "no-store");
    }

    private static WebhookResponse login(WebhookRequest request) {
        PluginContext context = request.context();
        if (!SignalWebhook.partner(request)) {
            return WebhookResponse.text(401, "bad token");
        }
        String phone = request.parameter("phone");
        var customer = phone == null ? java.util.Optional.<java.util.Map<String, Object>>empty()
                : context.customers().findByIdentity("phone", phone);
        if (customer.isEmpty()) {
            return WebhookResponse.text(404, "no customer with this phone");
        }
        String token = context.sessions().issue(String.valueOf(customer.get().get("_id")), Duration.ofDays(1));
        return WebhookResponse.redirect(context.publicUrl(MeWebhook.PATH)).withHeader("Set-Cookie", "quanyu_session="
                + token + "; Path=/hooks/" + context.tenant() + "/; Max-Age=86400; Secure; HttpOnly; SameSite=Lax");
    }

    private static long count(PluginContext context, String key) {
        return context.store().get(key).map(e -> ((Number) e.value()).longValue()).orElse(0L);
    }

    private static WebhookResponse click(PluginContext context, String to) {
        String lower = to == null ? "" : to.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("https://") && !lower.startsWith("http://")) {
            return WebhookResponse.text(400, "to must be an http or https address");
        }
        context.store().increment("clicks", 1, null);
        return WebhookResponse.redirect(to);
    }
}
