package io.quanyu.plugin.sdk.channel;

import io.quanyu.plugin.sdk.PublicApi;
import org.jspecify.annotations.Nullable;

/**
 * What the delivery service did with a send.
 *
 * @param sendId    the send's id, which reports and the {@code message.*} events carry
 * @param status    {@code sent}, {@code deferred} (quiet hours: it goes out when they end), {@code skipped} (no
 *                  channel could take it; {@code reason} says why), {@code failed} (a channel refused it),
 *                  {@code sending} (still in flight) or a reported status in lower case ({@code delivered}, ...)
 * @param channel   the channel it went out on, when it did
 * @param reason    why it was skipped, deferred or failed, as a stable code ({@code NO_CONSENT}, {@code QUIET_HOURS},
 *                  {@code FREQUENCY_CAP}, {@code NO_ADDRESS}, {@code CHANNEL_WINDOW_CLOSED}, a channel's own code,
 *                  ...), or, for a send that fell back, why the first channel was passed over
 * @param duplicate whether an earlier call with the same key made this send
 * @since 1.1
 */
@PublicApi
public record Delivery(String sendId, String status, @Nullable String channel, @Nullable String reason,
                       boolean duplicate) {
}
