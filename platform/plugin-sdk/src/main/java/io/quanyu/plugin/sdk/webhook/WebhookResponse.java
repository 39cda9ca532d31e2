package io.quanyu.plugin.sdk.webhook;

import io.quanyu.plugin.sdk.PublicApi;

import java.nio.charset.StandardCharsets;

/**
 * The answer to a callback.
 *
 * @param status      HTTP status, 200 to 599
 * @param contentType the body's media type, for example {@code text/plain; charset=utf-8}
 * @param body        the body
 */
@PublicApi
public record WebhookResponse(int status, String contentType, byte[] body) {

    public static WebhookResponse text(int status, String text) {
        return new WebhookResponse(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    public static WebhookResponse json(int status, String json) {
        return new WebhookResponse(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }
}
