package io.quanyu.plugin.sdk.journey;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.PublicApi;

import java.util.Map;

/**
 * One execution of a {@link JourneyAction}.
 *
 * @param context     the tenant-scoped services for this call
 * @param customerId  the customer the journey is running for
 * @param parameters  the step's parameters, valid against the action's parameter schema
 * @param executionId unique per step execution (an idempotency key)
 */
@PublicApi
public record ActionRequest(PluginContext context, String customerId, Map<String, Object> parameters,
                            String executionId) {
    public ActionRequest {
        parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
    }
}
