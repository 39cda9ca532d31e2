package com.example.hello;

import io.quanyu.plugin.sdk.webhook.WebhookHandler;
import io.quanyu.plugin.sdk.webhook.WebhookRequest;
import io.quanyu.plugin.sdk.webhook.WebhookResponse;
import org.pf4j.Extension;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Answers partner callbacks at {@code /hooks/{tenant}/hello-example/callback}. The partner proves who it is with the
 * tenant's API key in the {@code X-Api-Key} header; anything else is 401.
 */
@Extension
public class CallbackWebhook implements WebhookHandler {

    @Override
    public String path() {
        return "callback";
    }

    @Override
    public WebhookResponse handle(WebhookRequest request) {
        String expected = request.context().settings().text("apiKey").orElse("");
        String given = request.header("X-Api-Key");
        if (expected.isEmpty() || given == null || !sameText(expected, given)) {
            return WebhookResponse.text(401, "bad api key");
        }
        request.context().log().info("callback received, {} bytes", request.body().length);
        return WebhookResponse.json(200, "{\"received\":" + request.body().length + "}");
    }

    private static boolean sameText(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
