package io.quanyu.plugin.runtime;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.event.EventBatch;
import io.quanyu.plugin.sdk.event.EventSubscriber;
import io.quanyu.plugin.sdk.event.ReceivedEvent;

import java.util.List;

/**
 * How events reach a plugin's subscription, one rule for the platform and the test kit: only the events its
 * manifest's {@code filter} matches (a rule of the condition language over {@link #facts}), in batches of at most
 * {@link EventBatch#MAX_EVENTS}, in the order given, each an isolated call of the {@link EventSubscriber}; no call
 * when none matches.
 */
public final class SubscriberCalls {

    private SubscriberCalls() {
    }

    /**
     * Hands the events the filter matches over batch by batch and answers how many; what a call throws stops the
     * rest (the caller retries them).
     */
    public static int deliver(PluginRuntime runtime, PluginKey key, CallScope scope, String subscription,
                               List<ReceivedEvent> all) {
        io.quanyu.conditions.Condition filter = runtime.loaded(key).flatMap(p -> p.manifest().subscriptions().stream()
                .filter(s -> s.name().equals(subscription)).findFirst()).map(io.quanyu.plugin.pkg.SubscriptionSpec::filter)
                .orElse(null);
        java.time.Instant now = java.time.Instant.now();
        List<ReceivedEvent> events = filter == null ? all
                : all.stream().filter(e -> filter.matches(facts(e), now)).toList();
        for (int from = 0; from < events.size(); from += EventBatch.MAX_EVENTS) {
            List<ReceivedEvent> batch = events.subList(from, Math.min(events.size(), from + EventBatch.MAX_EVENTS));
            runtime.call(key, ExtensionKind.SUBSCRIBER, subscription, scope, "subscription " + subscription,
                    (EventSubscriber s, PluginContext context) -> {
                        s.onEvents(new EventBatch(context, subscription, batch));
                        return Boolean.TRUE;
                    });
        }
        return events.size();
    }

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    /**
     * An event as a subscription's filter sees it: {@code type}, {@code channel}, {@code time} (ISO-8601),
     * {@code customerId}, {@code identityTypes} and {@code properties}.
     */
    public static tools.jackson.databind.JsonNode facts(ReceivedEvent received) {
        var facts = JSON.createObjectNode();
        facts.put("type", received.event().type());
        facts.put("channel", received.event().channel());
        facts.put("time", received.event().occurredAt().toString());
        facts.put("customerId", received.customerId());
        var types = facts.putArray("identityTypes");
        received.event().identities().stream().map(io.quanyu.plugin.sdk.Identity::type).distinct().forEach(types::add);
        facts.set("properties", JSON.valueToTree(received.event().properties()));
        return facts;
    }
}
