package io.quanyu.plugin.pkg;

import tools.jackson.databind.JsonNode;

/**
 * A behaviour event type the plugin emits.
 *
 * @param type   dotted event type, for example {@code hello.greeted}
 * @param schema JSON Schema of the event's properties (an empty object schema when the manifest has none)
 */
public record EventSpec(String type, JsonNode schema) {
}
