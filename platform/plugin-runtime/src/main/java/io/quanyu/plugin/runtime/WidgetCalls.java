package io.quanyu.plugin.runtime;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.widget.DashboardWidget;
import io.quanyu.plugin.sdk.widget.WidgetData;
import io.quanyu.plugin.sdk.widget.WidgetRequest;

import java.util.List;
import java.util.Map;

/**
 * Asks a plugin's dashboard widget for its rows, one rule for the platform and the test kit: isolated as every
 * extension call, {@code PLUGIN_BAD_RESULT} for no data, and the rows copied as plain JSON values (a value JSON cannot
 * carry is refused the same way).
 */
public final class WidgetCalls {

    private WidgetCalls() {
    }

    public static List<Object> rows(PluginRuntime runtime, PluginKey key, CallScope scope, String name,
                                    Map<String, Object> parameters) {
        String call = "widget " + name;
        return runtime.call(key, ExtensionKind.WIDGET, name, scope, call,
                (DashboardWidget widget, PluginContext context) -> {
                    WidgetData data = widget.data(new WidgetRequest(context, parameters));
                    if (data == null) {
                        throw new QuanyuException(ErrorCode.PLUGIN_BAD_RESULT, Map.of("plugin", key.id(),
                                "call", call, "reason", "no data"));
                    }
                    @SuppressWarnings("unchecked")
                    List<Object> rows = (List<Object>) JsonValues.copy(data.rows(), key.id(), call);
                    return rows;
                });
    }
}
