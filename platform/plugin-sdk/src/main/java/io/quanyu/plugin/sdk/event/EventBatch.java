package io.quanyu.plugin.sdk.event;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.PublicApi;

import java.util.List;
import java.util.Objects;

/**
 * Events handed to an {@link EventSubscriber}: consecutive events of the tenant's log, oldest first for each
 * customer.
 *
 * @param context      the tenant's services for this call (caller {@code system})
 * @param subscription the subscription's name
 * @param events       between one and {@link #MAX_EVENTS} events
 * @since 1.1
 */
@PublicApi
public record EventBatch(PluginContext context, String subscription, List<ReceivedEvent> events) {
    /** The most events in one batch. */
    public static final int MAX_EVENTS = 100;

    public EventBatch {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(subscription, "subscription");
        events = List.copyOf(events);
    }
}
