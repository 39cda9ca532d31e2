package io.quanyu.plugin.sdk.journey;

import io.quanyu.plugin.sdk.PublicApi;

import java.util.Map;

/**
 * The answer of a {@link JourneyTrigger}.
 *
 * @param fire   whether the journey starts
 * @param values values the journey's steps may use (for example the scanned product), when it starts
 */
@PublicApi
public record TriggerDecision(boolean fire, Map<String, Object> values) {

    public static TriggerDecision fire(Map<String, Object> values) {
        return new TriggerDecision(true, Map.copyOf(values));
    }

    public static TriggerDecision skip() {
        return new TriggerDecision(false, Map.of());
    }
}
