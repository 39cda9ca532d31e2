package io.quanyu.ui.records;

import com.vaadin.flow.component.AbstractField;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasValidation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import java.util.function.Function;

/**
 * The editor of one record field: a Vaadin field and the conversions between its value and the record's JSON value,
 * and the place where the server's message for that field is shown.
 */
final class FieldInput<V> {
    static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final AbstractField<?, V> field;
    private final Function<V, JsonNode> toJson;
    private final Function<JsonNode, V> fromJson;

    FieldInput(AbstractField<?, V> field, Function<V, JsonNode> toJson, Function<JsonNode, V> fromJson) {
        this.field = field;
        this.toJson = toJson;
        this.fromJson = fromJson;
    }

    Component component() {
        return field;
    }

    /** The value to send; JSON null when empty (clears the field in a merge patch). */
    JsonNode value() {
        V value = field.getValue();
        return field.isEmpty() || value == null ? F.nullNode() : toJson.apply(value);
    }

    void value(JsonNode json) {
        if (json == null || json.isNull() || json.isMissingNode()) {
            field.clear();
        } else {
            field.setValue(fromJson.apply(json));
        }
    }

    void error(String message) {
        if (field instanceof HasValidation v) {
            v.setErrorMessage(message);
            v.setInvalid(true);
        }
    }

    void clearError() {
        if (field instanceof HasValidation v) {
            v.setInvalid(false);
        }
    }
}
