package io.quanyu.plugin.pkg;

import io.quanyu.objects.model.LocalizedText;
import tools.jackson.databind.JsonNode;

/**
 * A dashboard widget the plugin contributes.
 *
 * @param name  unique among the plugin's widgets
 * @param title the widget's title in the builder's languages
 * @param chart the chart specification, rendered by the dashboard without running plugin code
 */
public record WidgetSpec(String name, LocalizedText title, JsonNode chart) {
}
