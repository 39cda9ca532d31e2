package io.quanyu.plugins.email;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.channel.DeliveryStatus;
import io.quanyu.plugin.sdk.webhook.WebhookHandler;
import io.quanyu.plugin.sdk.webhook.WebhookRequest;
import io.quanyu.plugin.sdk.webhook.WebhookResponse;
import org.pf4j.Extension;

import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * {@code open/<sendId>.gif?sig=...}, the pixel in every HTML message: a reader's mail client loading it reports the
 * send {@code OPENED} and gets a transparent 1x1 GIF. A signature that is not the plugin's is refused (403) and
 * reports nothing.
 */
@Extension
public class OpenWebhook implements WebhookHandler {
    /** A transparent 1x1 GIF. */
    private static final byte[] PIXEL =
            Base64.getDecoder().decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    @Override
    public String path() {
        return TrackingLinks.OPEN;
    }

    @Override
    public WebhookResponse handle(WebhookRequest request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return TrackingRequest.methodNotAllowed();
        }
        Optional<String> sendId = TrackingRequest.sendId(request, TrackingLinks.PIXEL_SUFFIX);
        if (sendId.isEmpty()) {
            return TrackingRequest.notFound();
        }
        PluginContext context = request.context();
        if (!TrackingLinks.signed(context, request.parameter("sig"), TrackingLinks.OPEN, sendId.get())) {
            return TrackingRequest.forged();
        }
        if (!DeliveryReports.report(context, sendId.get(), DeliveryStatus.OPENED, Instant.now(), Map.of())) {
            return TrackingRequest.notFound();
        }
        return TrackingRequest.uncached(WebhookResponse.bytes(200, "image/gif", PIXEL));
    }
}
