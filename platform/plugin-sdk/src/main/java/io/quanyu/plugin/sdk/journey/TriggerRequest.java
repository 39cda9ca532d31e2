package io.quanyu.plugin.sdk.journey;

import io.quanyu.plugin.sdk.Event;
import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.PublicApi;

import java.util.Map;

/**
 * One evaluation of a {@link JourneyTrigger}.
 *
 * @param context    the tenant-scoped services for this call
 * @param event      the event that arrived, of a type the trigger listens to
 * @param parameters the journey's trigger parameters, valid against the trigger's parameter schema
 */
@PublicApi
public record TriggerRequest(PluginContext context, Event event, Map<String, Object> parameters) {
    public TriggerRequest {
        parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
    }
}
