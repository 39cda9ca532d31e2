package io.quanyu.plugin.sdk.journey;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.PublicApi;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One execution of a {@link JourneyAction}.
 *
 * @param context     the tenant-scoped services for this call
 * @param customerId  the customer the journey is running for
 * @param parameters  the step's parameters, valid against the action's parameter schema
 * @param executionId unique per step execution (an idempotency key): the same for every attempt of the step, and
 *                    again after a crash, so an action keyed by it takes effect once
 * @param journey     the journey whose step this is (its key), for attribution; null outside a journey
 * @param step        the step's node in that journey, for attribution; null outside a journey
 * @since 1.1
 */
@PublicApi
public record ActionRequest(PluginContext context, String customerId, Map<String, Object> parameters,
                            String executionId, @Nullable String journey, @Nullable String step) {
    public ActionRequest {
        parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
    }

    /** An execution outside a journey (as SDK 1.0 made them). */
    public ActionRequest(PluginContext context, String customerId, Map<String, Object> parameters, String executionId) {
        this(context, customerId, parameters, executionId, null, null);
    }
}
