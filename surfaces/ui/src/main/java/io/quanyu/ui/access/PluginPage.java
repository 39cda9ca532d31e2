package io.quanyu.ui.access;

import io.quanyu.objects.model.LocalizedText;
import io.quanyu.plugin.pkg.PageSpec;
import io.quanyu.plugin.pkg.PluginManifest;
import tools.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A page an enabled plugin declares, with what the builder needs to draw it: the input schema of each operation its
 * actions name and the title of each widget it shows.
 *
 * @param pluginId     the plugin
 * @param spec         the page as its manifest declares it
 * @param inputs       operation name to its input's JSON Schema
 * @param widgetTitles widget name to its title
 * @param widgetColumns widget name to the titles of its columns, from the chart's {@code dataset.dimensions} entries
 *                      that name an {@code x-title} ({@code {"name": "redeemed", "x-title": {"en": ..., "zh-CN": ...}}})
 */
public record PluginPage(String pluginId, PageSpec spec, Map<String, JsonNode> inputs,
                         Map<String, LocalizedText> widgetTitles, Map<String, Map<String, LocalizedText>> widgetColumns) {

    static PluginPage of(String pluginId, PageSpec spec, PluginManifest manifest) {
        Map<String, JsonNode> inputs = new LinkedHashMap<>();
        manifest.operations().forEach(o -> inputs.put(o.name(), o.input()));
        Map<String, LocalizedText> titles = new LinkedHashMap<>();
        Map<String, Map<String, LocalizedText>> columns = new LinkedHashMap<>();
        manifest.widgets().forEach(w -> {
            titles.put(w.name(), w.title());
            Map<String, LocalizedText> named = new LinkedHashMap<>();
            for (JsonNode dimension : w.chart().path("dataset").path("dimensions")) {
                JsonNode title = dimension.path("x-title");
                if (dimension.path("name").isString() && title.isObject()) {
                    String name = dimension.path("name").asString();
                    named.put(name, LocalizedText.of(title.path("en").asString(name),
                            title.path("zh-CN").isString() ? title.path("zh-CN").asString() : null));
                }
            }
            columns.put(w.name(), Map.copyOf(named));
        });
        return new PluginPage(pluginId, spec, Map.copyOf(inputs), Map.copyOf(titles), Map.copyOf(columns));
    }

    /** The page's address in the builder. */
    public String path() {
        return "plugin-pages/" + pluginId + "/" + spec.name();
    }
}
