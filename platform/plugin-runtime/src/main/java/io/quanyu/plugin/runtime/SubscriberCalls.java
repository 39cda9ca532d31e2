package io.quanyu.plugin.runtime;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.event.EventBatch;
import io.quanyu.plugin.sdk.event.EventSubscriber;
import io.quanyu.plugin.sdk.event.ReceivedEvent;

import java.util.List;

/**
 * How events reach a plugin's subscription, one rule for the platform and the test kit: in batches of at most
 * {@link EventBatch#MAX_EVENTS}, in the order given, each an isolated call of the {@link EventSubscriber}.
 */
public final class SubscriberCalls {

    private SubscriberCalls() {
    }

    /** Hands {@code events} over batch by batch; what a call throws stops the rest (the caller retries them). */
    public static void deliver(PluginRuntime runtime, PluginKey key, CallScope scope, String subscription,
                               List<ReceivedEvent> events) {
        for (int from = 0; from < events.size(); from += EventBatch.MAX_EVENTS) {
            List<ReceivedEvent> batch = events.subList(from, Math.min(events.size(), from + EventBatch.MAX_EVENTS));
            runtime.call(key, ExtensionKind.SUBSCRIBER, subscription, scope, "subscription " + subscription,
                    (EventSubscriber s, PluginContext context) -> {
                        s.onEvents(new EventBatch(context, subscription, batch));
                        return Boolean.TRUE;
                    });
        }
    }
}
