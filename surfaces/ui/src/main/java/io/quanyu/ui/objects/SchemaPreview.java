package io.quanyu.ui.objects;

import com.vaadin.flow.component.html.Pre;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A read-only, pretty-printed JSON Schema. */
final class SchemaPreview {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SchemaPreview() {
    }

    static Pre of(JsonNode schema) {
        Pre pre = new Pre(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(schema));
        pre.setId("schema-preview");
        pre.getStyle().set("max-height", "60vh").set("overflow", "auto").set("font-size", "var(--lumo-font-size-s)");
        return pre;
    }
}
