package io.quanyu.plugin.pkg;

import io.quanyu.objects.model.LocalizedText;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A journey trigger the plugin contributes.
 *
 * @param name       unique among the plugin's triggers
 * @param title      what the journey canvas calls it (zh-CN and en), or null: then its name
 * @param eventTypes the event types it looks at
 * @param parameters JSON Schema of the journey's trigger parameters (an empty object schema when absent)
 */
public record TriggerSpec(String name, @Nullable LocalizedText title, List<String> eventTypes, JsonNode parameters) {
    public TriggerSpec {
        eventTypes = List.copyOf(eventTypes);
    }
}
