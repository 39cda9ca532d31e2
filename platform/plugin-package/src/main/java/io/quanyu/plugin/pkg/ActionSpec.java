package io.quanyu.plugin.pkg;

import tools.jackson.databind.JsonNode;

/**
 * A journey action the plugin contributes.
 *
 * @param name       unique among the plugin's actions
 * @param parameters JSON Schema of the step's parameters (an empty object schema when the manifest has none)
 */
public record ActionSpec(String name, JsonNode parameters) {
}
