package io.quanyu.ui.forms;

import io.quanyu.ui.forms.FormInput;
import com.vaadin.flow.component.AbstractField;
import com.vaadin.flow.component.HasHelper;
import com.vaadin.flow.component.HasLabel;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Builds the editor of a plugin setting from its JSON Schema: a password field for an {@code x-secret} setting, a
 * picker of the tenant's segments for a string with {@code "x-source": "segments"}, the visual rule editor for an
 * object with {@code "x-format": "rule"} (both when the screen's {@link FormSources} offer them), a select for an
 * {@code enum} (its values titled by {@code x-enum-titles}: {@code {"<value>": {"en": ..., "zh-CN":
 * ...}}}), a checkbox, an integer or number field (with its bounds), a text field (with its
 * length), a multi-select or a one-per-line text area for an array of strings. The field's own checks are off: the
 * server's schema check is the rule and its messages are shown at the fields.
 */
final class SettingInputs {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SettingInputs() {
    }

    /** A setting's editor: an empty one removes the stored setting. */
    private static <V> FormInput<V, Object> setting(com.vaadin.flow.component.AbstractField<?, V> field,
                                                   java.util.function.Function<V, Object> toSetting,
                                                   java.util.function.Function<Object, V> fromSetting) {
        return new FormInput<>(field, toSetting, fromSetting, null);
    }

    /** The editor of {@code property}, or {@code null} for a type the form does not edit (kept as stored). */
    static @Nullable FormInput<?, Object> of(SettingSchema.Property property, String idPrefix, FormSources sources) {
        FormInput<?, Object> input = property.secret() ? secret() : sourced(property, sources);
        if (input == null) {
            input = byType(property);
        }
        if (input == null) {
            return null;
        }
        AbstractField<?, ?> field = (AbstractField<?, ?>) input.component();
        field.setId(idPrefix + property.id());
        field.setRequiredIndicatorVisible(property.required());
        if (field instanceof HasLabel labelled) {
            labelled.setLabel(property.title());
        }
        if (field instanceof HasHelper helped) {
            helped.setHelperText(property.helperText(UI.getCurrent()::getTranslation));
        }
        return input;
    }

    private static @Nullable FormInput<?, Object> byType(SettingSchema.Property property) {
        JsonNode schema = property.schema();
        if (schema.has("enum")) {
            return choice(schema.path("enum"), schema.path("x-enum-titles"));
        }
        return switch (property.type()) {
            case "string" -> text(schema);
            case "integer" -> integer(schema);
            case "number" -> number(schema);
            case "boolean" -> setting(new Checkbox(), b -> b, o -> Boolean.TRUE.equals(o));
            case "array" -> "string".equals(SettingSchema.type(schema.path("items"))) ? strings(schema.path("items")) : null;
            default -> null;
        };
    }

    /** The segment picker or the rule editor the property asks for, when the screen offers it. */
    private static @Nullable FormInput<?, Object> sourced(SettingSchema.Property property, FormSources sources) {
        JsonNode schema = property.schema();
        Map<String, String> segments = "segments".equals(schema.path("x-source").asString(""))
                && "string".equals(property.type()) ? sources.segments() : Map.of();
        if (!segments.isEmpty()) {
            List<String> keys = new ArrayList<>(segments.keySet());
            ComboBox<String> picker = new ComboBox<>();
            picker.setManualValidation(true);
            picker.setItems(keys);
            picker.setItemLabelGenerator(key -> segments.containsKey(key) ? segments.get(key) + " (" + key + ")" : key);
            picker.setAllowCustomValue(true); // a segment made later, or one the user may not read, by its key
            picker.addCustomValueSetListener(e -> {
                String key = e.getDetail().strip();
                if (!keys.contains(key)) {
                    keys.add(key);
                    picker.getDataProvider().refreshAll();
                }
                picker.setValue(key);
            });
            picker.setClearButtonVisible(true);
            picker.setWidthFull();
            return setting(picker, s -> s, stored -> {
                String key = String.valueOf(stored);
                if (!keys.contains(key)) { // a stored key of a segment gone since, shown as it is
                    keys.add(key);
                    picker.getDataProvider().refreshAll();
                }
                return key;
            });
        }
        if ("rule".equals(schema.path("x-format").asString("")) && "object".equals(property.type())) {
            AbstractField<?, JsonNode> rule = sources.newRuleField();
            return rule == null ? null : setting(rule, node -> JSON.treeToValue(node, Object.class), JSON::valueToTree);
        }
        return null;
    }

    private static FormInput<String, Object> secret() {
        PasswordField field = new PasswordField();
        field.setManualValidation(true);
        field.setRevealButtonVisible(false);
        return setting(field, s -> s, String::valueOf);
    }

    private static FormInput<String, Object> text(JsonNode schema) {
        TextField field = new TextField();
        field.setManualValidation(true);
        if (schema.path("maxLength").canConvertToInt()) {
            field.setMaxLength(schema.path("maxLength").asInt());
        }
        field.setWidthFull();
        return setting(field, s -> s, String::valueOf);
    }

    private static FormInput<Integer, Object> integer(JsonNode schema) {
        IntegerField field = new IntegerField();
        field.setManualValidation(true);
        field.setStepButtonsVisible(true);
        if (schema.path("minimum").isNumber()) {
            field.setMin(schema.path("minimum").asInt());
        }
        if (schema.path("maximum").isNumber()) {
            field.setMax(schema.path("maximum").asInt());
        }
        return setting(field, i -> i, o -> o instanceof Number n ? n.intValue() : null);
    }

    private static FormInput<Double, Object> number(JsonNode schema) {
        NumberField field = new NumberField();
        field.setManualValidation(true);
        if (schema.path("minimum").isNumber()) {
            field.setMin(schema.path("minimum").asDouble());
        }
        if (schema.path("maximum").isNumber()) {
            field.setMax(schema.path("maximum").asDouble());
        }
        return setting(field, SettingInputs::plainNumber,
                o -> o instanceof Number n ? n.doubleValue() : null);
    }

    /** {@code 25.0} is sent as {@code 25}, so what the user typed is what is stored and shown again. */
    private static Object plainNumber(Double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) d.longValue() : d;
    }

    /** A select of the {@code enum}'s values, each shown by its {@code x-enum-titles} entry when it has one. */
    private static FormInput<Object, Object> choice(JsonNode options, JsonNode titles) {
        List<Object> values = new ArrayList<>();
        options.forEach(o -> values.add(JSON.treeToValue(o, Object.class)));
        Select<Object> select = new Select<>();
        select.setManualValidation(true);
        select.setItems(values);
        select.setEmptySelectionAllowed(true);
        select.setItemLabelGenerator(v -> {
            if (v == null) {
                return "";
            }
            JsonNode title = titles.path(String.valueOf(v));
            return title.path("en").isString() ? io.quanyu.ui.i18n.Languages.label(io.quanyu.objects.model.LocalizedText.of(
                    title.path("en").asString(), title.path("zh-CN").isString() ? title.path("zh-CN").asString() : null))
                    : String.valueOf(v);
        });
        return setting(select, v -> v, o -> values.stream().filter(v -> String.valueOf(v)
                .equals(String.valueOf(o))).findFirst().orElse(null));
    }

    private static FormInput<?, Object> strings(JsonNode items) {
        if (items.has("enum")) {
            MultiSelectComboBox<String> box = new MultiSelectComboBox<>();
            box.setManualValidation(true);
            List<String> values = new ArrayList<>();
            items.path("enum").forEach(o -> values.add(o.asString()));
            box.setItems(values);
            return setting(box, set -> List.copyOf(set), o -> new LinkedHashSet<>(asStrings(o)));
        }
        TextArea lines = new TextArea();
        lines.setManualValidation(true);
        lines.setWidthFull();
        return setting(lines, text -> Arrays.stream(text.split("\\R")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList(), o -> String.join("\n", asStrings(o)));
    }

    private static List<String> asStrings(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of(String.valueOf(value));
    }
}
