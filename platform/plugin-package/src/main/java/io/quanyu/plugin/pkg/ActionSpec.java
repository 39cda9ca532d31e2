package io.quanyu.plugin.pkg;

import io.quanyu.objects.model.LocalizedText;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A journey action the plugin contributes.
 *
 * @param name       unique among the plugin's actions
 * @param title      what the journey canvas calls it (zh-CN and en), or null: then its name
 * @param parameters JSON Schema of the step's parameters (an empty object schema when the manifest has none)
 */
public record ActionSpec(String name, @Nullable LocalizedText title, JsonNode parameters) {
}
