package io.quanyu.plugins.contract;

import io.quanyu.plugin.sdk.PluginException;
import io.quanyu.plugin.sdk.channel.DeliveryStatus;
import io.quanyu.plugin.sdk.webhook.WebhookHandler;
import io.quanyu.plugin.sdk.webhook.WebhookRequest;
import io.quanyu.plugin.sdk.webhook.WebhookResponse;
import org.pf4j.Extension;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /hooks/{tenant}/sdk-contract/receipt/<sendId>/<status>}, the provider's delivery receipt (the tenant's token
 * in {@code X-Contract-Token}): reports the status of a {@code contract-sms} send to the platform; 404 for a send the
 * platform does not know as this plugin's, 400 for a status the SDK does not name.
 */
@Extension
public class ReceiptWebhook implements WebhookHandler {

    @Override
    public String path() {
        return "receipt";
    }

    @Override
    public WebhookResponse handle(WebhookRequest request) {
        if (!SignalWebhook.partner(request)) {
            return WebhookResponse.text(401, "bad token");
        }
        String[] parts = request.subPath().split("/");
        if (parts.length != 3) {
            return WebhookResponse.text(404, "receipt/<sendId>/<status>");
        }
        DeliveryStatus status;
        try {
            status = DeliveryStatus.valueOf(parts[2].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return WebhookResponse.text(400, "no status " + parts[2]);
        }
        try {
            request.context().deliveries().report(parts[1], status, Instant.now(), Map.of("provider", "contract"));
        } catch (PluginException e) {
            return WebhookResponse.text("DELIVERY_NOT_FOUND".equals(e.code()) ? 404 : 400, e.code());
        }
        return WebhookResponse.text(200, "ok");
    }
}
