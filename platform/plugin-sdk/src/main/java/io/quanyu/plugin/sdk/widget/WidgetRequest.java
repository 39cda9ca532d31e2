package io.quanyu.plugin.sdk.widget;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.PublicApi;

import java.util.Map;

/**
 * One data request of a {@link DashboardWidget}.
 *
 * @param context    the tenant-scoped services for this call
 * @param parameters the dashboard's parameters for the widget (date range, segment, ...)
 */
@PublicApi
public record WidgetRequest(PluginContext context, Map<String, Object> parameters) {
    public WidgetRequest {
        parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
    }
}
