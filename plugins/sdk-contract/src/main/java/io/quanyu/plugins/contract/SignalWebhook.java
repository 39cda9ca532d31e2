package io.quanyu.plugins.contract;

import io.quanyu.plugin.sdk.Event;
import io.quanyu.plugin.sdk.webhook.WebhookHandler;
import io.quanyu.plugin.sdk.webhook.WebhookRequest;
import io.quanyu.plugin.sdk.webhook.WebhookResponse;
import org.pf4j.Extension;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Map;

/**
 * {@code /hooks/{tenant}/sdk-contract/signal}: a partner proves itself with the tenant's token in
 * {@code X-Contract-Token} (401 otherwise), names the customer by {@code X-Phone} and the signal by
 * {@code X-Signal-Id} (400 without them); the body becomes the event's {@code text}. A signal sent twice is one
 * event: its id is the signal's.
 */
@Extension
public class SignalWebhook implements WebhookHandler {

    @Override
    public String path() {
        return "signal";
    }

    @Override
    public WebhookResponse handle(WebhookRequest request) {
        String expected = request.context().settings().text("token").orElse("");
        String given = request.header("X-Contract-Token");
        if (expected.isEmpty() || given == null
                || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
            return WebhookResponse.text(401, "bad token");
        }
        String phone = request.header("X-Phone");
        String signal = request.header("X-Signal-Id");
        if (phone == null || phone.isBlank() || signal == null || signal.isBlank()) {
            return WebhookResponse.text(400, "X-Phone and X-Signal-Id are required");
        }
        request.context().events().emit(new Event("signal-" + signal.strip(), RecordProbe.EVENT, Instant.now(),
                Map.of("phone", phone.strip()), Map.of("text", new String(request.body(), StandardCharsets.UTF_8))));
        return WebhookResponse.json(202, "{\"accepted\":true}");
    }
}
