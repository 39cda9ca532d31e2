package io.quanyu.ui.records;

import com.vaadin.flow.component.AbstractField;
import io.quanyu.ui.forms.FormInput;
import tools.jackson.databind.node.JsonNodeFactory;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.textfield.BigDecimalField;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.SelectOption;
import io.quanyu.ui.i18n.Languages;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;


/**
 * A field editor per field type. Inputs do not check the metadata's constraints themselves: the server does, and its
 * messages appear at the field, so the rules live in one place.
 */
final class FieldInputs {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final JsonNodeFactory F = JsonNodeFactory.instance;

    private FieldInputs() {
    }

    /** A record field's editor: JSON null (or a missing field) shows as empty, and an empty editor sends JSON null. */
    private static <V> FormInput<V, JsonNode> json(AbstractField<?, V> field, Function<V, JsonNode> toJson,
                                                  Function<JsonNode, V> fromJson) {
        return new FormInput<>(field, toJson, j -> j.isNull() || j.isMissingNode() ? null : fromJson.apply(j),
                F.nullNode());
    }

    /** The editor for a field; {@code references} gives the searchable choices of a reference field's target. */
    static FormInput<?, JsonNode> of(FieldDef field, Function<String, ReferenceChoices> references) {
        FormInput<?, JsonNode> input = switch (field.type()) {
            case INTEGER -> json(new IntegerField(), F::numberNode, JsonNode::asInt);
            case DECIMAL -> json(new BigDecimalField(), F::numberNode, JsonNode::decimalValue);
            case BOOLEAN -> json(new Checkbox(), F::booleanNode, JsonNode::asBoolean);
            case DATE -> json(new DatePicker(), d -> F.stringNode(d.toString()),
                    j -> LocalDate.parse(j.asString()));
            case DATETIME -> json(new DateTimePicker(),
                    d -> F.stringNode(d.atOffset(ZoneOffset.UTC).toString()),
                    j -> OffsetDateTime.parse(j.asString()).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
            case LONG_TEXT -> json(new TextArea(), F::stringNode, JsonNode::asString);
            case SINGLE_SELECT -> singleSelect(field);
            case MULTI_SELECT -> multiSelect(field);
            case REFERENCE -> reference(references.apply(field.target()));
            case TEXT, EMAIL, PHONE, URL -> json(new TextField(), F::stringNode, JsonNode::asString);
            default -> json(new TextField(), JSON::readTree, JsonNode::toString);
        };
        input.component().getElement().setProperty("label", Languages.label(field.label()));
        input.component().setId("input-" + field.apiName());
        return input;
    }

    private static FormInput<String, JsonNode> singleSelect(FieldDef field) {
        ComboBox<String> box = new ComboBox<>();
        box.setItems(field.options().stream().map(SelectOption::value).toList());
        box.setItemLabelGenerator(v -> optionLabel(field, v));
        return json(box, F::stringNode, JsonNode::asString);
    }

    private static FormInput<Set<String>, JsonNode> multiSelect(FieldDef field) {
        MultiSelectComboBox<String> box = new MultiSelectComboBox<>();
        box.setItems(field.options().stream().map(SelectOption::value).toList());
        box.setItemLabelGenerator(v -> optionLabel(field, v));
        return json(box, values -> {
            var array = F.arrayNode();
            values.forEach(array::add);
            return array;
        }, j -> j.valueStream().map(JsonNode::asString).collect(Collectors.toCollection(LinkedHashSet::new)));
    }

    /** A combo box that searches the target as the user types and loads more as the list scrolls. */
    private static FormInput<ReferenceChoices.Choice, JsonNode> reference(ReferenceChoices choices) {
        ComboBox<ReferenceChoices.Choice> box = new ComboBox<>();
        box.setItems(query -> choices.find(query.getFilter().orElse(""), query.getOffset(), query.getLimit()).stream());
        box.setItemLabelGenerator(ReferenceChoices.Choice::label);
        box.setPageSize(50);
        return json(box, c -> F.stringNode(c.id()), j -> choices.of(j.asString()));
    }

    static String optionLabel(FieldDef field, String value) {
        return field.options().stream().filter(o -> o.value().equals(value)).findFirst()
                .map(o -> Languages.label(o.label())).orElse(value);
    }

    /** How a stored value reads in the grid. */
    static String display(FieldDef field, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "";
        }
        return switch (field.type()) {
            case SINGLE_SELECT -> optionLabel(field, value.asString());
            case MULTI_SELECT -> value.valueStream().map(v -> optionLabel(field, v.asString()))
                    .collect(Collectors.joining(", "));
            case BOOLEAN -> value.asBoolean() ? "✓" : "✗";
            default -> value.isValueNode() ? value.asString() : value.toString();
        };
    }


}
