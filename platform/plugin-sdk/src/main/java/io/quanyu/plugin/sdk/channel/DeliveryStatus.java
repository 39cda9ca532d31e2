package io.quanyu.plugin.sdk.channel;

import io.quanyu.plugin.sdk.PublicApi;

/**
 * What a channel learned about a message after it was sent, reported with {@link Deliveries#report}. The platform
 * turns each report into a {@code message.<status>} event on the customer's timeline ({@code message.delivered},
 * {@code message.opened}, ...), keyed by the send id and the status, so a report repeated is applied once.
 *
 * @since 1.1
 */
@PublicApi
public enum DeliveryStatus {
    /** The provider took the message (a queued SMS, a WeChat template job). */
    ACCEPTED,
    /** It reached the customer's device or mailbox. */
    DELIVERED,
    /** The customer opened it (an e-mail's pixel, a page view). */
    OPENED,
    /** The customer followed one of its links. */
    CLICKED,
    /** The address does not take mail: the platform marks the address undeliverable for the channel. */
    BOUNCED,
    /** The customer reported it as spam: the platform withdraws the address's marketing consent. */
    COMPLAINED,
    /** The customer unsubscribed through it: the platform withdraws the address's marketing consent. */
    UNSUBSCRIBED,
    /** The provider gave up after accepting it. */
    FAILED;

    /** The event type the platform records: {@code message.} and the name in lower case. */
    public String eventType() {
        return "message." + name().toLowerCase(java.util.Locale.ROOT);
    }
}
