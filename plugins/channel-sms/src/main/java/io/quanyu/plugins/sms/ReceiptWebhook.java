package io.quanyu.plugins.sms;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.PluginException;
import io.quanyu.plugin.sdk.webhook.WebhookHandler;
import io.quanyu.plugin.sdk.webhook.WebhookRequest;
import io.quanyu.plugin.sdk.webhook.WebhookResponse;
import org.pf4j.Extension;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code /hooks/{tenant}/channel-sms/receipt?token=<receiptToken>}, the address the tenant gives Alibaba Cloud for
 * HTTP batch push of delivery receipts (SmsReport): a POST of a JSON array of receipts, each reported to the platform
 * as {@code DELIVERED} or {@code FAILED} for the send in its {@code out_id}. Alibaba signs nothing, so the tenant's
 * secret token in the URL is what tells its pushes from anyone's: a wrong one is 401 and nothing is reported.
 * <p>
 * The answer is the one the provider documents ({@code {"code":0,"msg":"接收成功"}}; it reads only {@code code}). A
 * receipt for a send the platform does not know ({@code DELIVERY_NOT_FOUND}: another system's message on the same
 * account, say) is skipped. When the platform cannot take a report the answer is 500, so the provider pushes the batch
 * again later; reports already made are not repeated by the platform.
 */
@Extension
public class ReceiptWebhook implements WebhookHandler {
    /** The answer the provider expects when the batch was taken. */
    static final String TAKEN = "{\"code\":0,\"msg\":\"接收成功\"}";

    @Override
    public String path() {
        return "receipt";
    }

    @Override
    public WebhookResponse handle(WebhookRequest request) {
        PluginContext context = request.context();
        if (!fromProvider(request)) {
            return WebhookResponse.text(401, "wrong or missing token");
        }
        if (!"POST".equals(request.method())) {
            return WebhookResponse.text(405, "receipts are POSTed");
        }
        List<?> receipts;
        try {
            if (!(Json.parse(new String(request.body(), StandardCharsets.UTF_8)) instanceof List<?> array)) {
                return WebhookResponse.text(400, "expected a JSON array of receipts");
            }
            receipts = array;
        } catch (IllegalArgumentException e) {
            return WebhookResponse.text(400, e.getMessage());
        }
        Instant received = Instant.now();
        int skipped = 0;
        for (Object element : receipts) {
            Optional<SmsReceipt> receipt = SmsReceipt.from(element, received);
            if (receipt.isEmpty()) {
                skipped++;
                continue;
            }
            try {
                context.deliveries().report(receipt.get().sendId(), receipt.get().status(),
                        receipt.get().reportedAt(), receipt.get().detail());
            } catch (PluginException e) {
                if (!"DELIVERY_NOT_FOUND".equals(e.code())) {
                    context.log().warn("cannot record receipts now ({}), the provider will push them again", e.code());
                    return WebhookResponse.text(500, "cannot record receipts now: " + e.code());
                }
                skipped++;
            }
        }
        if (skipped > 0) {
            context.log().info("skipped {} of {} receipts that name no send of this channel", skipped, receipts.size());
        }
        return WebhookResponse.json(200, TAKEN);
    }

    private static boolean fromProvider(WebhookRequest request) {
        Optional<String> expected = SmsSettings.receiptToken(request.context().settings());
        String given = request.parameter("token");
        return expected.isPresent() && given != null && MessageDigest.isEqual(
                expected.get().getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
