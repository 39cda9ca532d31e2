package io.quanyu.ui.segments;

import com.vaadin.flow.component.AbstractField;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import io.quanyu.ui.segments.RuleVocabulary.Kind;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A behaviour condition, {@code {"behavior": {event, where, window, measure, property, op, value}}}: what the
 * customer's events of one type add up to (count, sum, min or max of a property, time of the first or last) in the
 * last N days, between two dates (read in a time zone) or over all time, compared with a value. Below it, the
 * {@link WhereFilters} say which of those events count (by channel and properties); a stored window is kept as stored
 * until it is edited.
 */
final class BehaviorCondition extends VerticalLayout implements RulePart {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final List<String> MEASURES = List.of("count", "sum", "min", "max", "first", "last");
    private final TextField event = new TextField();
    private final Select<String> window = new Select<>();
    private final IntegerField days = new IntegerField();
    private final DatePicker from = new DatePicker();
    private final DatePicker to = new DatePicker();
    private final TextField zone = new TextField();
    private final Select<String> measure = new Select<>();
    private final TextField property = new TextField();
    private final Select<String> op = new Select<>();
    private final ValueInput value;
    private final WhereFilters where;
    private JsonNode storedWindow;
    private List<String> offered = List.of();

    BehaviorCondition(Runnable changed, Consumer<RulePart> remove) {
        value = new ValueInput(changed);
        where = new WhereFilters(changed);
        addClassName("rule-row");
        getElement().setAttribute("data-kind", "behavior");
        texts();
        windows();
        measures();
        listen(changed);
        Span kind = RuleEditor.kindBadge(getTranslation("segments.rule.kind.behavior"));
        Button drop = RuleEditor.removeButton(getTranslation("segments.rule.remove"), () -> remove.accept(this));
        add(line(kind, event, window, days, from, to, zone), line(measure, property, op, value, drop), where);
        RuleEditor.row(this);
        setSpacing(false);
        fit();
    }

    private void texts() {
        event.addClassName("rule-event");
        event.setLabel(getTranslation("segments.rule.event"));
        event.setPlaceholder("order");
        event.setTooltipText(getTranslation("segments.rule.eventHelp"));
        event.setValueChangeMode(ValueChangeMode.LAZY);
        event.setValueChangeTimeout(250);
        property.addClassName("rule-property");
        property.setLabel(getTranslation("segments.rule.property"));
        property.setPlaceholder("amount");
        property.setValueChangeMode(ValueChangeMode.LAZY);
        property.setValueChangeTimeout(250);
        zone.addClassName("rule-window-zone");
        zone.setLabel(getTranslation("segments.rule.zone"));
        zone.setPlaceholder("UTC");
        zone.setValue("Asia/Shanghai");
        zone.setValueChangeMode(ValueChangeMode.LAZY);
    }

    private void windows() {
        window.addClassName("rule-window");
        window.setLabel(getTranslation("segments.rule.window"));
        window.setItems("lastDays", "between", "all");
        window.setItemLabelGenerator(w -> getTranslation("segments.window." + w));
        window.setValue("lastDays");
        days.addClassName("rule-window-days");
        days.setLabel(getTranslation("segments.rule.lastDays"));
        days.setMin(1);
        days.setMax(3650);
        days.setValue(30);
        days.setWidth("7em");
        days.setStepButtonsVisible(true);
        from.addClassName("rule-window-from");
        from.setLabel(getTranslation("segments.rule.from"));
        to.addClassName("rule-window-to");
        to.setLabel(getTranslation("segments.rule.to"));
    }

    private void measures() {
        measure.addClassName("rule-measure");
        measure.setLabel(getTranslation("segments.rule.measure"));
        measure.setItems(MEASURES);
        measure.setItemLabelGenerator(m -> getTranslation("segments.measure." + m));
        measure.setValue("count");
        op.addClassName("rule-op");
        op.setLabel(getTranslation("segments.rule.op"));
        op.setItemLabelGenerator(o -> getTranslation("segments.op." + o));
        op.setWidth("12em");
    }

    private void listen(Runnable changed) {
        for (AbstractField<?, ?> field : new AbstractField<?, ?>[]{window, days, from, to, zone}) {
            field.addValueChangeListener(e -> {
                if (e.isFromClient()) {
                    storedWindow = null;
                    fit();
                    changed.run();
                }
            });
        }
        for (AbstractField<?, ?> field : new AbstractField<?, ?>[]{event, measure, property, op}) {
            field.addValueChangeListener(e -> {
                if (e.isFromClient()) {
                    fit();
                    changed.run();
                }
            });
        }
    }

    private static HorizontalLayout line(Component... parts) {
        HorizontalLayout line = new HorizontalLayout(parts);
        line.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        line.setWrap(true);
        return line;
    }

    /** Shows the window's inputs, the property for sum/min/max, and the operators and value the measure takes. */
    private void fit() {
        days.setVisible("lastDays".equals(window.getValue()));
        boolean between = "between".equals(window.getValue());
        from.setVisible(between);
        to.setVisible(between);
        zone.setVisible(between);
        property.setVisible(List.of("sum", "min", "max").contains(measure.getValue()));
        Kind kind = RuleVocabulary.measureKind(measure.getValue());
        List<String> ops = RuleVocabulary.operators(kind);
        String chosen = op.getValue();
        if (!ops.equals(offered)) {
            offered = ops;
            op.setItems(ops);
        }
        op.setValue(chosen != null && ops.contains(chosen) ? chosen : ops.getFirst());
        value.adapt(RuleVocabulary.input(kind, op.getValue()), kind);
    }

    void show(JsonNode body) {
        event.setValue(body.path("event").asString(""));
        where.show(body.get("where"));
        showWindow(body.get("window"));
        String measured = body.path("measure").asString("");
        measure.setValue(MEASURES.contains(measured) ? measured : "count");
        property.setValue(body.path("property").asString(""));
        fit();
        if (offered.contains(body.path("op").asString(""))) {
            op.setValue(body.path("op").asString());
            fit();
        }
        value.show(body.get("value"));
    }

    private void showWindow(JsonNode stored) {
        storedWindow = stored;
        if (stored == null) {
            window.setValue("all");
        } else if (stored.has("lastDays")) {
            window.setValue("lastDays");
            days.setValue(stored.get("lastDays").canConvertToInt() ? stored.get("lastDays").intValue() : null);
        } else {
            window.setValue("between");
            from.setValue(RuleVocabulary.day(stored.path("between").get(0)));
            to.setValue(RuleVocabulary.day(stored.path("between").get(1)));
            zone.setValue(stored.path("zone").asString(""));
        }
    }

    @Override
    public JsonNode toJson(String pointer, Map<String, RulePart> index) {
        index.put(pointer, this);
        ObjectNode body = JSON.objectNode().put("event", event.getValue().strip());
        JsonNode filter = where.toJson();
        if (filter != null) {
            body.set("where", filter);
        }
        JsonNode w = storedWindow != null ? storedWindow : window();
        if (w != null) {
            body.set("window", w);
        }
        body.put("measure", measure.getValue());
        if (property.isVisible()) {
            body.put("property", property.getValue().strip());
        }
        body.put("op", op.getValue());
        JsonNode v = value.value();
        if (v != null) {
            body.set("value", v);
        }
        ObjectNode out = JSON.objectNode();
        out.set("behavior", body);
        return out;
    }

    /** The window as drawn: {@code {lastDays}}, {@code {between, zone}} (ends may be open), or none for all time. */
    private JsonNode window() {
        return switch (window.getValue()) {
            case "lastDays" -> {
                ObjectNode w = JSON.objectNode();
                if (days.getValue() != null) {
                    w.put("lastDays", days.getValue());
                }
                yield w;
            }
            case "between" -> {
                ObjectNode w = JSON.objectNode();
                w.putArray("between").add(date(from.getValue())).add(date(to.getValue()));
                if (!zone.getValue().isBlank()) {
                    w.put("zone", zone.getValue().strip());
                }
                yield w;
            }
            default -> null;
        };
    }

    private static JsonNode date(LocalDate day) {
        return day == null ? JSON.nullNode() : JSON.stringNode(day.toString());
    }

    @Override
    public void invalid(boolean invalid) {
        RuleEditor.mark(this, invalid);
    }
}
