package io.quanyu.plugins.contract;

import io.quanyu.plugin.sdk.Event;
import io.quanyu.plugin.sdk.Identity;
import io.quanyu.plugin.sdk.PluginException;
import io.quanyu.plugin.sdk.Tracked;
import io.quanyu.plugin.sdk.webhook.WebhookHandler;
import io.quanyu.plugin.sdk.webhook.WebhookRequest;
import io.quanyu.plugin.sdk.webhook.WebhookResponse;
import org.pf4j.Extension;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code /hooks/{tenant}/sdk-contract/signal}: a partner proves itself with the tenant's token in
 * {@code X-Contract-Token} (401 otherwise) and names the customer by {@code X-Phone}, by a WeChat follower's
 * {@code X-Openid} within the official account {@code X-App-Id} (a scoped identity), or both, and the signal by
 * {@code X-Signal-Id}; the body becomes the event's {@code text}. The answer is 202 with the customer the event
 * belongs to (a signal sent twice is one event: {@code duplicate}), or 400 with the platform's code when it refuses
 * the event (an openid without its app id, a phone that is not one).
 */
@Extension
public class SignalWebhook implements WebhookHandler {

    @Override
    public String path() {
        return "signal";
    }

    /** Whether the caller proved itself with the tenant's token in {@code X-Contract-Token}. */
    static boolean partner(WebhookRequest request) {
        String expected = request.context().settings().text("token").orElse("");
        String given = request.header("X-Contract-Token");
        return !expected.isEmpty() && given != null
                && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public WebhookResponse handle(WebhookRequest request) {
        if (!partner(request)) {
            return WebhookResponse.text(401, "bad token");
        }
        String signal = request.header("X-Signal-Id");
        List<Identity> identities = new ArrayList<>();
        String phone = request.header("X-Phone");
        if (phone != null) {
            identities.add(Identity.of("phone", phone));
        }
        String openid = request.header("X-Openid");
        if (openid != null) {
            identities.add(Identity.scoped("wechat_openid", java.util.Objects.requireNonNullElse(request.header("X-App-Id"), ""), openid));
        }
        if (signal == null || signal.isBlank() || identities.isEmpty()) {
            return WebhookResponse.text(400, "X-Signal-Id and X-Phone or X-Openid (with X-App-Id) are required");
        }
        Event event = new Event("signal-" + signal.strip(), RecordProbe.EVENT, Instant.now(), identities,
                openid != null ? "wechat" : "partner",
                Map.of("text", new String(request.body(), StandardCharsets.UTF_8)));
        try {
            Tracked tracked = request.context().events().track(event);
            return WebhookResponse.json(202, "{\"customerId\":\"" + tracked.customerId() + "\",\"duplicate\":"
                    + tracked.duplicate() + "}");
        } catch (PluginException refused) {
            return WebhookResponse.json(400, "{\"code\":\"" + refused.code() + "\"}");
        }
    }
}
