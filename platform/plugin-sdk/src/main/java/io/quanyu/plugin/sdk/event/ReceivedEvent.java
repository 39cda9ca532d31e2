package io.quanyu.plugin.sdk.event;

import io.quanyu.plugin.sdk.Event;
import io.quanyu.plugin.sdk.PublicApi;

import java.util.Objects;

/**
 * A customer event as a subscriber receives it: the event as it was tracked (its identities as the platform stored
 * them, normalised) and the customer it was resolved to.
 *
 * @param customerId the customer profile the event belongs to
 * @param event      the event
 * @since 1.1
 */
@PublicApi
public record ReceivedEvent(String customerId, Event event) {
    public ReceivedEvent {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(event, "event");
    }
}
