package io.quanyu.plugin.pkg;

import io.quanyu.conditions.Condition;
import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * Customer events the plugin receives, bound by name to an {@code EventSubscriber}.
 *
 * @param name       the subscriber's name, for example {@code rewardFirstOrder}
 * @param eventTypes the event types it receives, for example {@code order.paid}
 * @param filter     a rule of the condition language over each event ({@link #facts}); only matching events are
 *                   delivered; null for all of them
 */
public record SubscriptionSpec(String name, List<String> eventTypes, @Nullable Condition filter) {
    public SubscriptionSpec {
        eventTypes = List.copyOf(eventTypes);
    }

    /** Every event of the types. */
    public SubscriptionSpec(String name, List<String> eventTypes) {
        this(name, eventTypes, null);
    }
}
