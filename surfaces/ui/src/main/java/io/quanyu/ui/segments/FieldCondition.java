package io.quanyu.ui.segments;

import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import io.quanyu.ui.segments.RuleVocabulary.Kind;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A condition on one fact, {@code {"field": path, "op": ..., "value": ...}}: the field picker offers the common
 * facts and takes any dot path typed in; the operators are those that fit the fact's kind; the value input follows
 * the operator (none, text, list, range, date, days).
 */
final class FieldCondition extends HorizontalLayout implements RulePart {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private final ComboBox<String> field = new ComboBox<>();
    private final Select<String> op = new Select<>();
    private final ValueInput value;
    private final Set<String> paths = new LinkedHashSet<>(RuleVocabulary.FACTS.keySet());
    private final Runnable changed;
    private List<String> offered = List.of();
    private Kind shownKind;

    FieldCondition(Runnable changed, Consumer<RulePart> remove) {
        this.changed = changed;
        value = new ValueInput(changed);
        addClassName("rule-row");
        getElement().setAttribute("data-kind", "field");
        field.addClassName("rule-field");
        field.setLabel(getTranslation("segments.rule.field"));
        field.setItems(paths);
        field.setItemLabelGenerator(this::label);
        field.setAllowCustomValue(true);
        field.setWidth("16em");
        field.addCustomValueSetListener(e -> choose(e.getDetail().strip()));
        field.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                fit();
                changed.run();
            }
        });
        op.addClassName("rule-op");
        op.setLabel(getTranslation("segments.rule.op"));
        op.setItemLabelGenerator(o -> getTranslation("segments.op." + o));
        op.setWidth("12em");
        op.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                fit();
                changed.run();
            }
        });
        add(RuleEditor.kindBadge(getTranslation("segments.rule.kind.field")), field, op, value,
                RuleEditor.removeButton(getTranslation("segments.rule.remove"), () -> remove.accept(this)));
        setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        setWrap(true);
        RuleEditor.row(this);
        field.setValue("tags");
        fit();
    }

    /** A fact's label: its name in the user's language and its path; a typed path as itself. */
    private String label(String path) {
        return RuleVocabulary.FACTS.containsKey(path)
                ? getTranslation("segments.fact." + path) + " (" + path + ")" : path;
    }

    /** A typed dot path becomes a choice of its own. */
    private void choose(String path) {
        if (path.isEmpty()) {
            return;
        }
        if (paths.add(path)) {
            field.setItems(paths);
        }
        field.setValue(path);
        fit();
        changed.run();
    }

    /**
     * Offers the operators of the fact's kind and the value input the operator needs: another kind of fact starts
     * from its usual operator, the same kind keeps the chosen one.
     */
    private void fit() {
        Kind kind = RuleVocabulary.kind(field.getValue());
        List<String> ops = RuleVocabulary.operators(kind);
        String chosen = op.getValue();
        if (!ops.equals(offered)) {
            offered = ops;
            op.setItems(ops);
        }
        op.setValue(kind == shownKind && ops.contains(chosen) ? chosen : ops.getFirst());
        shownKind = kind;
        value.adapt(RuleVocabulary.input(kind, op.getValue()), kind);
    }

    void show(JsonNode leaf) {
        String path = leaf.path("field").asString("");
        if (!path.isEmpty() && paths.add(path)) {
            field.setItems(paths);
        }
        field.setValue(path.isEmpty() ? null : path);
        Kind kind = RuleVocabulary.kind(path);
        List<String> ops = new ArrayList<>(RuleVocabulary.operators(kind));
        String stored = leaf.path("op").asString("");
        if (!stored.isEmpty() && !ops.contains(stored)) {
            ops.add(stored);
        }
        offered = ops;
        op.setItems(ops);
        op.setValue(stored.isEmpty() ? ops.getFirst() : stored);
        shownKind = kind;
        value.adapt(RuleVocabulary.input(kind, op.getValue()), kind);
        value.show(leaf.get("value"));
    }

    @Override
    public JsonNode toJson(String pointer, Map<String, RulePart> index) {
        index.put(pointer, this);
        ObjectNode leaf = JSON.objectNode();
        leaf.put("field", field.getValue() == null ? "" : field.getValue());
        leaf.put("op", op.getValue());
        JsonNode v = value.value();
        if (v != null) {
            leaf.set("value", v);
        }
        return leaf;
    }

    @Override
    public void invalid(boolean invalid) {
        RuleEditor.mark(this, invalid);
    }
}
