package io.quanyu.ui.segments;

import com.vaadin.flow.component.AbstractField;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import io.quanyu.ui.segments.RuleVocabulary.Input;
import io.quanyu.ui.segments.RuleVocabulary.Kind;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import java.time.LocalDate;

/**
 * The value of a condition, in the input its operator needs: one text, a comma-separated list, two ends of a range,
 * one or two dates, a number of days, or nothing. A value read from a stored rule is given back exactly as stored
 * until the user edits it, so opening and saving a segment changes nothing the editor cannot show (an instant with
 * its time of day, a decimal's trailing zeros).
 */
final class ValueInput extends Composite<HorizontalLayout> {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private final TextField one = new TextField();
    private final TextField two = new TextField();
    private final DatePicker from = new DatePicker();
    private final DatePicker to = new DatePicker();
    private final IntegerField days = new IntegerField();
    private Input input = Input.NONE;
    private Kind kind = Kind.ANY;
    private JsonNode stored;

    ValueInput(Runnable changed) {
        one.addClassName("rule-value");
        two.addClassName("rule-value-to");
        from.addClassName("rule-date");
        to.addClassName("rule-date-to");
        days.addClassName("rule-days");
        days.setMin(0);
        days.setMax(36_500);
        days.setWidth("7em");
        days.setStepButtonsVisible(true);
        for (TextField text : new TextField[]{one, two}) {
            text.setValueChangeMode(ValueChangeMode.LAZY);
            text.setValueChangeTimeout(250);
        }
        for (AbstractField<?, ?> field : new AbstractField<?, ?>[]{one, two, from, to, days}) {
            field.addValueChangeListener(e -> {
                if (e.isFromClient()) {
                    stored = null;
                    changed.run();
                }
            });
        }
        getContent().add(one, two, from, to, days);
        getContent().setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        getContent().setSpacing(false);
        getContent().getStyle().set("gap", "var(--lumo-space-s)");
        adapt(Input.NONE, Kind.ANY);
    }

    /** Shows the inputs {@code input} needs, keeping what was typed where the new inputs can hold it. */
    void adapt(Input input, Kind kind) {
        if (input != this.input || kind != this.kind) {
            stored = null;
        }
        this.input = input;
        this.kind = kind;
        boolean range = input == Input.RANGE;
        one.setVisible(input == Input.SCALAR || input == Input.LIST || range);
        two.setVisible(range);
        from.setVisible(input == Input.DATE || input == Input.DATE_RANGE);
        to.setVisible(input == Input.DATE_RANGE);
        days.setVisible(input == Input.DAYS);
        labels();
    }

    private void labels() {
        boolean range = input == Input.RANGE || input == Input.DATE_RANGE;
        one.setLabel(getTranslation(range ? "segments.rule.from" : "segments.rule.value"));
        one.setHelperText(input == Input.LIST ? getTranslation("segments.rule.listHelp") : null);
        one.setPlaceholder(kind == Kind.NUMBER ? "0" : null);
        two.setLabel(getTranslation("segments.rule.to"));
        from.setLabel(getTranslation(range ? "segments.rule.from" : "segments.rule.date"));
        to.setLabel(getTranslation("segments.rule.to"));
        days.setLabel(getTranslation("segments.rule.days"));
    }

    /** The value for the rule; null when the operator takes none or nothing was entered. */
    JsonNode value() {
        if (stored != null) {
            return stored;
        }
        return switch (input) {
            case NONE -> null;
            case SCALAR -> RuleVocabulary.scalar(one.getValue(), kind);
            case LIST -> RuleVocabulary.list(one.getValue(), kind);
            case RANGE -> JSON.arrayNode().add(or(RuleVocabulary.scalar(one.getValue(), kind)))
                    .add(or(RuleVocabulary.scalar(two.getValue(), kind)));
            case DATE -> date(from.getValue());
            case DATE_RANGE -> JSON.arrayNode().add(or(date(from.getValue()))).add(or(date(to.getValue())));
            case DAYS -> days.getValue() == null ? null : JSON.numberNode(days.getValue());
        };
    }

    /** Shows a stored value in the current inputs and gives it back unchanged until edited. */
    void show(JsonNode value) {
        boolean pair = value != null && value.isArray() && value.size() == 2;
        one.setValue(RuleVocabulary.text(pair && input == Input.RANGE ? value.get(0) : value));
        two.setValue(pair ? RuleVocabulary.text(value.get(1)) : "");
        from.setValue(RuleVocabulary.day(pair ? value.get(0) : value));
        to.setValue(pair ? RuleVocabulary.day(value.get(1)) : null);
        days.setValue(value != null && value.canConvertToInt() ? value.intValue() : null);
        stored = value;
    }

    private static JsonNode date(LocalDate date) {
        return date == null ? null : JSON.stringNode(date.toString());
    }

    private static JsonNode or(JsonNode value) {
        return value == null ? JSON.nullNode() : value;
    }
}
