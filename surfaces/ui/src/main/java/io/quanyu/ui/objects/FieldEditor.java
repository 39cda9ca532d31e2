package io.quanyu.ui.objects;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.BigDecimalField;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import io.quanyu.objects.model.DeleteRule;
import io.quanyu.objects.model.FieldType;
import io.quanyu.objects.schema.Formulas;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One field of an object in the designer: name, type, labels and constraints, plus the editor its type needs
 * (options for selects, a target for references, an expression for formulas, limits for numbers). An existing field
 * keeps its api name and every attribute this editor does not show (description, default, pattern, read roles...).
 */
final class FieldEditor extends FormLayout {
    static final List<FieldType> TYPES = List.of(FieldType.TEXT, FieldType.LONG_TEXT, FieldType.INTEGER,
            FieldType.DECIMAL, FieldType.BOOLEAN, FieldType.DATE, FieldType.DATETIME, FieldType.SINGLE_SELECT,
            FieldType.MULTI_SELECT, FieldType.EMAIL, FieldType.PHONE, FieldType.URL, FieldType.REFERENCE,
            FieldType.FORMULA);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Attributes that stay valid whatever the type; the others are dropped when the type changes. */
    private static final Set<String> TYPELESS = Set.of("apiName", "label", "description", "required", "unique",
            "readRoles", "deprecated");

    private final TextField apiName = new TextField();
    private final Select<FieldType> type = new Select<>();
    private final TextField labelEn = new TextField();
    private final TextField labelZh = new TextField();
    private final Checkbox required = new Checkbox();
    private final Checkbox unique = new Checkbox();
    private final TextField options = new TextField();
    private final ComboBox<String> target = new ComboBox<>();
    private final TextField expression = new TextField();
    private final Select<FieldType> resultType = new Select<>();
    private final BigDecimalField min = new BigDecimalField();
    private final BigDecimalField max = new BigDecimalField();
    private final IntegerField minLength = new IntegerField();
    private final IntegerField maxLength = new IntegerField();
    private final TextField pattern = new TextField();
    private final IntegerField scale = new IntegerField();
    private final Select<DeleteRule> onDelete = new Select<>();
    private final Button remove = new Button();
    private ObjectNode stored = F.objectNode();

    FieldEditor(int index, List<String> objects, Consumer<FieldEditor> onRemove) {
        label(apiName, "field.apiName", index, "apiName");
        label(type, "field.type", index, "type");
        label(labelEn, "field.labelEn", index, "labelEn");
        label(labelZh, "field.labelZh", index, "labelZh");
        label(required, "field.required", index, "required");
        label(unique, "field.unique", index, "unique");
        label(options, "field.options", index, "options");
        label(target, "field.target", index, "target");
        label(expression, "field.expression", index, "expression");
        label(resultType, "field.type", index, "resultType");
        label(min, "field.min", index, "min");
        label(max, "field.max", index, "max");
        label(minLength, "field.minLength", index, "minLength");
        label(maxLength, "field.maxLength", index, "maxLength");
        label(pattern, "field.pattern", index, "pattern");
        label(scale, "field.scale", index, "scale");
        label(onDelete, "field.onDelete", index, "onDelete");
        onDelete.setItems(DeleteRule.values());
        onDelete.setItemLabelGenerator(r -> getTranslation("field.onDelete." + r.key()));
        onDelete.setValue(DeleteRule.RESTRICT);
        pattern.addValueChangeListener(e -> checkPattern());
        type.setItems(TYPES);
        type.setItemLabelGenerator(FieldType::key);
        type.setValue(FieldType.TEXT);
        type.addValueChangeListener(e -> showEditorsFor(e.getValue()));
        resultType.setItems(FieldType.TEXT, FieldType.INTEGER, FieldType.DECIMAL, FieldType.BOOLEAN, FieldType.DATE);
        resultType.setItemLabelGenerator(FieldType::key);
        resultType.setValue(FieldType.DECIMAL);
        target.setItems(objects);
        expression.addValueChangeListener(e -> checkExpression());
        remove.setText(getTranslation("designer.removeField"));
        remove.setId("field-" + index + "-remove");
        remove.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        remove.addClickListener(e -> onRemove.accept(this));
        com.vaadin.flow.component.html.Div removeRow = new com.vaadin.flow.component.html.Div(remove);
        add(apiName, type, labelEn, labelZh, required, unique, options, target, expression, resultType, min, max,
                minLength, maxLength, pattern, scale, onDelete, removeRow);
        setColspan(removeRow, 4);
        setResponsiveSteps(new ResponsiveStep("0", 2), new ResponsiveStep("50em", 4));
        showEditorsFor(FieldType.TEXT);
        getStyle().set("border-top", "1px solid var(--lumo-contrast-10pct)").set("padding-top", "var(--lumo-space-s)");
    }

    private void label(com.vaadin.flow.component.Component c, String key, int index, String id) {
        c.getElement().setProperty("label", getTranslation(key));
        c.setId("field-" + index + "-" + id);
    }

    private void showEditorsFor(FieldType t) {
        options.setVisible(t == FieldType.SINGLE_SELECT || t == FieldType.MULTI_SELECT);
        target.setVisible(t == FieldType.REFERENCE);
        expression.setVisible(t == FieldType.FORMULA);
        resultType.setVisible(t == FieldType.FORMULA);
        boolean number = t == FieldType.INTEGER || t == FieldType.DECIMAL;
        min.setVisible(number);
        max.setVisible(number);
        scale.setVisible(t == FieldType.DECIMAL);
        minLength.setVisible(t == FieldType.TEXT || t == FieldType.LONG_TEXT);
        maxLength.setVisible(t == FieldType.TEXT || t == FieldType.LONG_TEXT);
        pattern.setVisible(t == FieldType.TEXT);
        onDelete.setVisible(t == FieldType.REFERENCE);
        unique.setVisible(t.scalar() && !t.computed() && t != FieldType.BOOLEAN);
        required.setVisible(!t.computed());
    }

    /** A syntax check while typing; the server checks the fields the formula uses. */
    private void checkExpression() {
        try {
            if (!expression.isEmpty()) {
                Formulas.variables(expression.getValue());
            }
            expression.setInvalid(false);
        } catch (Exception e) {
            expression.setErrorMessage(e.getMessage());
            expression.setInvalid(true);
        }
    }

    /** Shows an existing field (its definition as the metadata API writes it); its api name cannot change. */
    void load(JsonNode field) {
        stored = (ObjectNode) field.deepCopy();
        apiName.setValue(field.path("apiName").asString());
        apiName.setReadOnly(true);
        FieldType current = FieldType.fromKey(field.path("type").asString());
        if (!TYPES.contains(current)) {
            type.setItems(Stream.concat(TYPES.stream(), Stream.of(current)).toList());
        }
        type.setValue(current);
        labelEn.setValue(field.path("label").path("en").asString(""));
        labelZh.setValue(field.path("label").path("zh-CN").asString(""));
        required.setValue(field.path("required").asBoolean(false));
        unique.setValue(field.path("unique").asBoolean(false));
        options.setValue(formatOptions(field.path("options")));
        target.setValue(field.path("target").isString() ? field.path("target").asString() : null);
        expression.setValue(field.path("expression").asString(""));
        if (field.path("resultType").isString()) {
            resultType.setValue(FieldType.fromKey(field.path("resultType").asString()));
        }
        min.setValue(field.path("min").isNumber() ? field.path("min").decimalValue() : null);
        max.setValue(field.path("max").isNumber() ? field.path("max").decimalValue() : null);
        minLength.setValue(field.path("minLength").isNumber() ? field.path("minLength").asInt() : null);
        maxLength.setValue(field.path("maxLength").isNumber() ? field.path("maxLength").asInt() : null);
        pattern.setValue(field.path("pattern").asString(""));
        scale.setValue(field.path("scale").isNumber() ? field.path("scale").asInt() : null);
        onDelete.setValue(field.path("onDelete").isString() ? DeleteRule.fromKey(field.path("onDelete").asString())
                : DeleteRule.RESTRICT);
    }

    String apiName() {
        return apiName.getValue().trim();
    }

    ObjectNode toJson() {
        FieldType t = type.getValue() == null ? FieldType.TEXT : type.getValue();
        ObjectNode field = kept(t).put("apiName", apiName.getValue().trim()).put("type", t.key());
        ObjectNode label = field.putObject("label").put("en", labelEn.getValue().trim());
        if (!labelZh.isEmpty()) {
            label.put("zh-CN", labelZh.getValue().trim());
        }
        flag(field, "required", required);
        flag(field, "unique", unique);
        typeSpecific(t, field);
        return field;
    }

    /** What this editor does not show, from the stored definition: all of it, or the type-neutral part on a type change. */
    private ObjectNode kept(FieldType t) {
        ObjectNode copy = stored.deepCopy();
        if (!t.key().equals(stored.path("type").asString(t.key()))) {
            copy.retain(TYPELESS);
        }
        List.of("options", "target", "expression", "resultType", "min", "max", "minLength", "maxLength", "pattern",
                "scale", "onDelete").forEach(copy::remove);
        return copy;
    }

    private static void flag(ObjectNode field, String name, Checkbox box) {
        field.remove(name);
        if (box.isVisible() && box.getValue()) {
            field.put(name, true);
        }
    }

    private void typeSpecific(FieldType t, ObjectNode field) {
        if (options.isVisible()) {
            var array = field.putArray("options");
            parseOptions(options.getValue()).forEach(array::add);
        }
        if (t == FieldType.REFERENCE && target.getValue() != null) {
            field.put("target", target.getValue());
        }
        if (t == FieldType.FORMULA) {
            field.put("expression", expression.getValue()).put("resultType", resultType.getValue().key());
        }
        if (min.isVisible() && min.getValue() != null) {
            field.put("min", min.getValue());
        }
        if (max.isVisible() && max.getValue() != null) {
            field.put("max", max.getValue());
        }
        putIfShown(field, "minLength", minLength);
        putIfShown(field, "maxLength", maxLength);
        putIfShown(field, "scale", scale);
        if (pattern.isVisible() && !pattern.isEmpty()) {
            field.put("pattern", pattern.getValue());
        }
        if (onDelete.isVisible() && onDelete.getValue() != null) {
            field.put("onDelete", onDelete.getValue().key());
        }
    }

    private static void putIfShown(ObjectNode field, String name, IntegerField input) {
        if (input.isVisible() && input.getValue() != null) {
            field.put(name, input.getValue());
        }
    }

    /** The server checks patterns with its own engine; a Java syntax check while typing catches most typos. */
    private void checkPattern() {
        try {
            if (!pattern.isEmpty()) {
                java.util.regex.Pattern.compile(pattern.getValue());
            }
            pattern.setInvalid(false);
        } catch (java.util.regex.PatternSyntaxException e) {
            pattern.setErrorMessage(e.getDescription());
            pattern.setInvalid(true);
        }
    }

    /** {@code value=English/中文, ...}; a single label serves both languages. */
    static List<ObjectNode> parseOptions(String text) {
        return Stream.of(text.split("[,，]")).map(String::trim).filter(s -> !s.isEmpty()).map(s -> {
            String[] parts = s.split("=", 2);
            String[] labels = (parts.length == 2 ? parts[1] : parts[0]).split("/", 2);
            ObjectNode label = F.objectNode().put("en", labels[0].trim());
            if (labels.length == 2) {
                label.put("zh-CN", labels[1].trim());
            }
            ObjectNode option = F.objectNode().put("value", parts[0].trim());
            option.set("label", label);
            return option;
        }).toList();
    }

    /** The inverse of {@link #parseOptions}. */
    static String formatOptions(JsonNode options) {
        List<String> parts = new java.util.ArrayList<>();
        for (JsonNode o : options) {
            String en = o.path("label").path("en").asString(o.path("value").asString());
            String zh = o.path("label").path("zh-CN").asString("");
            parts.add(o.path("value").asString() + "=" + en + (zh.isEmpty() ? "" : "/" + zh));
        }
        return String.join(", ", parts);
    }

    void clearErrors() {
        List.<HasValidation>of(apiName, type, labelEn, labelZh, options, target, expression, min, max, minLength,
                        maxLength, pattern, scale, onDelete)
                .forEach(c -> c.setInvalid(false));
    }

    /** Shows a server message at the editor of one attribute ({@code apiName}, {@code label/en}, {@code options/0}). */
    void showError(String attribute, String message) {
        HasValidation at = componentFor(attribute);
        at.setErrorMessage(message);
        at.setInvalid(true);
    }

    private HasValidation componentFor(String attribute) {
        String head = attribute.split("/")[0];
        if ("label".equals(head)) {
            return attribute.endsWith("zh-CN") ? labelZh : labelEn;
        }
        Map<String, HasValidation> byName = Map.ofEntries(Map.entry("type", type), Map.entry("options", options),
                Map.entry("target", target), Map.entry("expression", expression), Map.entry("resultType", expression),
                Map.entry("min", min), Map.entry("max", max), Map.entry("minLength", minLength),
                Map.entry("maxLength", maxLength), Map.entry("pattern", pattern), Map.entry("scale", scale),
                Map.entry("onDelete", onDelete));
        return byName.getOrDefault(head, apiName);
    }
}
