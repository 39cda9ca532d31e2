package io.quanyu.plugin.sdk.operation;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.PublicApi;

import java.util.Map;

/**
 * One call of an {@link Operation}.
 *
 * @param context the tenant-scoped services for this call
 * @param input   the input, already valid against the operation's input schema
 */
@PublicApi
public record OperationRequest(PluginContext context, Map<String, Object> input) {
    public OperationRequest {
        input = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(input));
    }
}
