package io.quanyu.plugin.sdk.channel;

import io.quanyu.plugin.sdk.Failure;
import io.quanyu.plugin.sdk.PublicApi;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of a send.
 *
 * @param messageId the channel's id of the sent message, when sent
 * @param failure   why it was not sent, otherwise null
 * @param retryable whether sending again later may succeed (rate limits, outages); false for permanent refusals
 */
@PublicApi
public record SendResult(@Nullable String messageId, @Nullable Failure failure, boolean retryable) {

    public static SendResult sent(String messageId) {
        return new SendResult(messageId, null, false);
    }

    public static SendResult failed(String code, String message, boolean retryable) {
        return new SendResult(null, new Failure(code, message), retryable);
    }

    public boolean isSent() {
        return failure == null;
    }
}
