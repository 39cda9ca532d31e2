package io.quanyu.plugin.pkg;

import java.util.List;

/**
 * Customer events the plugin receives, bound by name to an {@code EventSubscriber}.
 *
 * @param name       the subscriber's name, for example {@code rewardFirstOrder}
 * @param eventTypes the event types it receives, for example {@code order.paid}
 */
public record SubscriptionSpec(String name, List<String> eventTypes) {
    public SubscriptionSpec {
        eventTypes = List.copyOf(eventTypes);
    }
}
