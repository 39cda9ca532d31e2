package io.quanyu.plugins.email;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.channel.DeliveryStatus;
import io.quanyu.plugin.sdk.webhook.WebhookHandler;
import io.quanyu.plugin.sdk.webhook.WebhookRequest;
import io.quanyu.plugin.sdk.webhook.WebhookResponse;
import org.pf4j.Extension;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * {@code click/<sendId>?u=<url>&sig=...}, what every link of an HTML message leads through: reports the send
 * {@code CLICKED} (with the link) and redirects the reader to the link. It redirects only to a link the plugin
 * signed for that send, so it is no open redirect: any other {@code u} or signature is refused (403) without a
 * redirect or a report.
 */
@Extension
public class ClickWebhook implements WebhookHandler {

    @Override
    public String path() {
        return TrackingLinks.CLICK;
    }

    @Override
    public WebhookResponse handle(WebhookRequest request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return TrackingRequest.methodNotAllowed();
        }
        Optional<String> sendId = TrackingRequest.sendId(request, "");
        String url = request.parameter("u");
        if (sendId.isEmpty() || url == null) {
            return TrackingRequest.notFound();
        }
        PluginContext context = request.context();
        if (!TrackingLinks.signed(context, request.parameter("sig"), TrackingLinks.CLICK, sendId.get(), url)) {
            return TrackingRequest.forged();
        }
        if (!DeliveryReports.report(context, sendId.get(), DeliveryStatus.CLICKED, Instant.now(), Map.of("url", url))) {
            return TrackingRequest.notFound();
        }
        return TrackingRequest.uncached(WebhookResponse.redirect(url));
    }
}
