package io.quanyu.messaging;

import org.jspecify.annotations.Nullable;

/**
 * What the delivery service did with a send (see the SDK's {@code Delivery}).
 *
 * @param status {@code sent}, {@code deferred}, {@code skipped}, {@code failed}, {@code sending} (in flight or
 *               waiting to retry) or a reported status ({@code delivered}, {@code opened}, ...)
 * @param reason a stable code: why it was skipped, deferred or failed, or why the first channel was passed over
 */
public record Delivery(String sendId, String status, @Nullable String channel, @Nullable String reason, boolean duplicate) {
}
