package io.quanyu.plugins.email;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.channel.DeliveryStatus;
import io.quanyu.plugin.sdk.webhook.WebhookHandler;
import io.quanyu.plugin.sdk.webhook.WebhookRequest;
import io.quanyu.plugin.sdk.webhook.WebhookResponse;
import org.pf4j.Extension;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * {@code unsubscribe/<sendId>?sig=...}, the address in every message's {@code List-Unsubscribe} header. A
 * {@code POST} unsubscribes: the mail client's one-click unsubscribe (RFC 8058, body
 * {@code List-Unsubscribe=One-Click}) or the confirmation page's button; it reports the send {@code UNSUBSCRIBED}
 * (the platform withdraws the address's marketing consent) and answers 200. A {@code GET}, which link scanners and
 * prefetchers also make, only shows the confirmation page. A signature that is not the plugin's is refused (403).
 */
@Extension
public class UnsubscribeWebhook implements WebhookHandler {
    private static final String ONE_CLICK = "List-Unsubscribe=One-Click";

    @Override
    public String path() {
        return TrackingLinks.UNSUBSCRIBE;
    }

    @Override
    public WebhookResponse handle(WebhookRequest request) {
        boolean get = request.method().equals("GET");
        if (!get && !request.method().equals("POST")) {
            return TrackingRequest.methodNotAllowed();
        }
        Optional<String> sendId = TrackingRequest.sendId(request, "");
        if (sendId.isEmpty()) {
            return TrackingRequest.notFound();
        }
        PluginContext context = request.context();
        String signature = request.parameter("sig");
        if (!TrackingLinks.signed(context, signature, TrackingLinks.UNSUBSCRIBE, sendId.get())) {
            return TrackingRequest.forged();
        }
        if (get) {
            return page(UnsubscribePage.confirm(TrackingLinks.unsubscribe(context, sendId.get(), signature)));
        }
        String how = new String(request.body(), StandardCharsets.UTF_8).strip().equals(ONE_CLICK)
                ? "one-click" : "page";
        if (!DeliveryReports.report(context, sendId.get(), DeliveryStatus.UNSUBSCRIBED, Instant.now(),
                Map.of("via", how))) {
            return TrackingRequest.notFound();
        }
        return page(UnsubscribePage.done());
    }

    private static WebhookResponse page(String html) {
        return TrackingRequest.uncached(WebhookResponse.bytes(200, "text/html; charset=utf-8",
                html.getBytes(StandardCharsets.UTF_8)));
    }
}
