package io.quanyu.ui.records;

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

import static io.quanyu.ui.records.FieldInput.F;

/**
 * A field editor per field type. Inputs do not check the metadata's constraints themselves: the server does, and its
 * messages appear at the field, so the rules live in one place.
 */
final class FieldInputs {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private FieldInputs() {
    }

    /** The editor for a field; {@code references} gives the searchable choices of a reference field's target. */
    static FieldInput<?> of(FieldDef field, Function<String, ReferenceChoices> references) {
        FieldInput<?> input = switch (field.type()) {
            case INTEGER -> new FieldInput<>(new IntegerField(), F::numberNode, JsonNode::asInt);
            case DECIMAL -> new FieldInput<>(new BigDecimalField(), F::numberNode, JsonNode::decimalValue);
            case BOOLEAN -> new FieldInput<>(new Checkbox(), F::booleanNode, JsonNode::asBoolean);
            case DATE -> new FieldInput<>(new DatePicker(), d -> F.stringNode(d.toString()),
                    j -> LocalDate.parse(j.asString()));
            case DATETIME -> new FieldInput<>(new DateTimePicker(),
                    d -> F.stringNode(d.atOffset(ZoneOffset.UTC).toString()),
                    j -> OffsetDateTime.parse(j.asString()).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
            case LONG_TEXT -> new FieldInput<>(new TextArea(), F::stringNode, JsonNode::asString);
            case SINGLE_SELECT -> singleSelect(field);
            case MULTI_SELECT -> multiSelect(field);
            case REFERENCE -> reference(references.apply(field.target()));
            case TEXT, EMAIL, PHONE, URL -> new FieldInput<>(new TextField(), F::stringNode, JsonNode::asString);
            default -> new FieldInput<>(new TextField(), JSON::readTree, JsonNode::toString);
        };
        input.component().getElement().setProperty("label", Languages.label(field.label()));
        input.component().setId("input-" + field.apiName());
        return input;
    }

    private static FieldInput<String> singleSelect(FieldDef field) {
        ComboBox<String> box = new ComboBox<>();
        box.setItems(field.options().stream().map(SelectOption::value).toList());
        box.setItemLabelGenerator(v -> optionLabel(field, v));
        return new FieldInput<>(box, F::stringNode, JsonNode::asString);
    }

    private static FieldInput<Set<String>> multiSelect(FieldDef field) {
        MultiSelectComboBox<String> box = new MultiSelectComboBox<>();
        box.setItems(field.options().stream().map(SelectOption::value).toList());
        box.setItemLabelGenerator(v -> optionLabel(field, v));
        return new FieldInput<>(box, values -> {
            var array = F.arrayNode();
            values.forEach(array::add);
            return array;
        }, j -> j.valueStream().map(JsonNode::asString).collect(Collectors.toCollection(LinkedHashSet::new)));
    }

    /** A combo box that searches the target as the user types and loads more as the list scrolls. */
    private static FieldInput<ReferenceChoices.Choice> reference(ReferenceChoices choices) {
        ComboBox<ReferenceChoices.Choice> box = new ComboBox<>();
        box.setItems(query -> choices.find(query.getFilter().orElse(""), query.getOffset(), query.getLimit()).stream());
        box.setItemLabelGenerator(ReferenceChoices.Choice::label);
        box.setPageSize(50);
        return new FieldInput<>(box, c -> F.stringNode(c.id()), j -> choices.of(j.asString()));
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
