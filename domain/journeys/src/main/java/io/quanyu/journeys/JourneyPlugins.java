package io.quanyu.journeys;

import io.quanyu.core.call.CallContext;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.customer360.TrackedEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The journey actions and triggers the tenant's enabled plugins contribute, and the way to run them: the plugin host
 * implements it with the plugins' {@code JourneyAction}s and {@code JourneyTrigger}s (journeys know no plugin). A
 * plugin's refusal or failure is an answer with a code, never an exception; only the platform's own failures propagate.
 */
public interface JourneyPlugins {

    /** No plugin contributes anything (a platform without a plugin host). */
    JourneyPlugins NONE = new JourneyPlugins() {
        @Override
        public List<Offered> actions(TenantId tenant) {
            return List.of();
        }

        @Override
        public List<Offered> triggers(TenantId tenant) {
            return List.of();
        }

        @Override
        public ActionAnswer act(CallContext call, String plugin, String action, ActionCall request) {
            return ActionAnswer.failed(NOT_ENABLED, "no plugin host", null);
        }

        @Override
        public TriggerAnswer evaluate(CallContext call, String plugin, String trigger, TrackedEvent event,
                                      Map<String, Object> parameters) {
            return TriggerAnswer.failed(NOT_ENABLED);
        }
    };

    /** The code of an answer for a plugin that is not enabled (any more) for the tenant. */
    String NOT_ENABLED = "PLUGIN_NOT_ENABLED";

    /** The actions the tenant's enabled plugins offer. */
    List<Offered> actions(TenantId tenant);

    /** The triggers the tenant's enabled plugins offer. */
    List<Offered> triggers(TenantId tenant);

    /** The action {@code plugin}/{@code name} offered to the tenant, if it is. */
    default Optional<Offered> action(TenantId tenant, String plugin, String name) {
        return actions(tenant).stream().filter(o -> o.plugin().equals(plugin) && o.name().equals(name)).findFirst();
    }

    /** The trigger {@code plugin}/{@code name} offered to the tenant, if it is. */
    default Optional<Offered> trigger(TenantId tenant, String plugin, String name) {
        return triggers(tenant).stream().filter(o -> o.plugin().equals(plugin) && o.name().equals(name)).findFirst();
    }

    /** Runs one step's action for a customer. */
    ActionAnswer act(CallContext call, String plugin, String action, ActionCall request);

    /** Whether the event starts the journey whose entry is this trigger, with these parameters. */
    TriggerAnswer evaluate(CallContext call, String plugin, String trigger, TrackedEvent event, Map<String, Object> parameters);

    /**
     * An action or a trigger a plugin declares.
     *
     * @param titles     its title by language ({@code en}, {@code zh-CN}); empty when the plugin gives none
     * @param parameters the JSON Schema of its parameters
     * @param eventTypes the event types a trigger looks at (none for an action)
     */
    record Offered(String plugin, String name, Map<String, String> titles, JsonNode parameters, List<String> eventTypes) {
        public Offered {
            Objects.requireNonNull(plugin, "plugin");
            Objects.requireNonNull(name, "name");
            titles = Map.copyOf(titles);
            eventTypes = List.copyOf(eventTypes);
        }

        /** The title in the language, else in English, else the name. */
        public String title(String language) {
            return titles.getOrDefault(language, titles.getOrDefault("en", name));
        }
    }

    /**
     * One execution of an action step.
     *
     * @param executionId the step's key: the same for every attempt and after a crash (the plugin's idempotency key)
     */
    record ActionCall(String customerId, Map<String, Object> parameters, String executionId, String journey, String step) {
        public ActionCall {
            parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
        }
    }

    /**
     * What an action answered: done with its output (which later sends see as {@code vars.steps.<node>}), or failed
     * with a code; {@code retryAfter} when trying again later may succeed (the plugin asked, or it timed out or was busy).
     */
    record ActionAnswer(Map<String, Object> output, @Nullable String code, @Nullable String message,
                        @Nullable Duration retryAfter) {
        public ActionAnswer {
            output = output == null ? Map.of() : output;
        }

        public static ActionAnswer done(Map<String, Object> output) {
            return new ActionAnswer(output, null, null, null);
        }

        public static ActionAnswer failed(String code, @Nullable String message, @Nullable Duration retryAfter) {
            return new ActionAnswer(Map.of(), code, message, retryAfter);
        }

        public boolean isDone() {
            return code == null;
        }
    }

    /** Whether a trigger fires, with the values the journey's sends see as {@code vars.entry}; a code when it failed. */
    record TriggerAnswer(boolean fire, Map<String, Object> values, @Nullable String code) {
        public TriggerAnswer {
            values = values == null ? Map.of() : values;
        }

        public static TriggerAnswer fire(Map<String, Object> values) {
            return new TriggerAnswer(true, values, null);
        }

        public static TriggerAnswer skip() {
            return new TriggerAnswer(false, Map.of(), null);
        }

        public static TriggerAnswer failed(String code) {
            return new TriggerAnswer(false, Map.of(), code);
        }
    }
}
