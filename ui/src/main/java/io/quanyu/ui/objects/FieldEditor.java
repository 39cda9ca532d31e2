package io.quanyu.ui.objects;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.BigDecimalField;
import com.vaadin.flow.component.textfield.TextField;
import io.quanyu.objects.model.FieldType;
import io.quanyu.objects.schema.Formulas;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One field of an object in the designer: name, type, labels and constraints, plus the editor its type needs
 * (options for selects, a target for references, an expression for formulas, limits for numbers).
 */
final class FieldEditor extends FormLayout {
    static final List<FieldType> TYPES = List.of(FieldType.TEXT, FieldType.LONG_TEXT, FieldType.INTEGER,
            FieldType.DECIMAL, FieldType.BOOLEAN, FieldType.DATE, FieldType.DATETIME, FieldType.SINGLE_SELECT,
            FieldType.MULTI_SELECT, FieldType.EMAIL, FieldType.PHONE, FieldType.URL, FieldType.REFERENCE,
            FieldType.FORMULA);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

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

    FieldEditor(int index, List<String> objects) {
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
        type.setItems(TYPES);
        type.setItemLabelGenerator(FieldType::key);
        type.setValue(FieldType.TEXT);
        type.addValueChangeListener(e -> showEditorsFor(e.getValue()));
        resultType.setItems(FieldType.TEXT, FieldType.INTEGER, FieldType.DECIMAL, FieldType.BOOLEAN, FieldType.DATE);
        resultType.setItemLabelGenerator(FieldType::key);
        resultType.setValue(FieldType.DECIMAL);
        target.setItems(objects);
        expression.addValueChangeListener(e -> checkExpression());
        add(apiName, type, labelEn, labelZh, required, unique, options, target, expression, resultType, min, max);
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

    ObjectNode toJson() {
        FieldType t = type.getValue() == null ? FieldType.TEXT : type.getValue();
        ObjectNode field = F.objectNode().put("apiName", apiName.getValue().trim()).put("type", t.key());
        ObjectNode label = field.putObject("label").put("en", labelEn.getValue().trim());
        if (!labelZh.isEmpty()) {
            label.put("zh-CN", labelZh.getValue().trim());
        }
        if (required.isVisible() && required.getValue()) {
            field.put("required", true);
        }
        if (unique.isVisible() && unique.getValue()) {
            field.put("unique", true);
        }
        typeSpecific(t, field);
        return field;
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

    void clearErrors() {
        List.<HasValidation>of(apiName, type, labelEn, labelZh, options, target, expression, min, max)
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
        Map<String, HasValidation> byName = Map.of("type", type, "options", options, "target", target,
                "expression", expression, "resultType", expression, "min", min, "max", max);
        return byName.getOrDefault(head, apiName);
    }
}
