package io.quanyu.plugin.pkg;

import tools.jackson.databind.JsonNode;

import java.util.List;

/**
 * A journey trigger the plugin contributes.
 *
 * @param name       unique among the plugin's triggers
 * @param eventTypes the event types it looks at
 * @param parameters JSON Schema of the journey's trigger parameters (an empty object schema when absent)
 */
public record TriggerSpec(String name, List<String> eventTypes, JsonNode parameters) {
    public TriggerSpec {
        eventTypes = List.copyOf(eventTypes);
    }
}
