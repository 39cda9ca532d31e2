package io.quanyu.ui.segments;

import com.vaadin.flow.component.select.Select;
import io.quanyu.ui.segments.RuleVocabulary.Kind;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The operator and value of a leaf {@code {field, op, value}}, for conditions on a customer's facts and filters on a
 * behaviour's events alike: the operators offered are those that fit the field's kind (another kind starts from its
 * usual operator, the same kind keeps the chosen one) and the value input follows the operator. The row holding the
 * leaf lays out the two inputs.
 */
final class Comparison {
    private final Select<String> op = new Select<>();
    private final ValueInput value;
    private final Supplier<Kind> kind;
    private List<String> offered = List.of();
    private Kind shownKind;

    /** @param kind the kind of the field now picked */
    Comparison(Supplier<Kind> kind, Runnable changed) {
        this.kind = kind;
        value = new ValueInput(changed);
        op.setLabel(op.getTranslation("segments.rule.op"));
        op.setItemLabelGenerator(o -> op.getTranslation("segments.op." + o));
        op.setWidth("12em");
        op.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                fit();
                changed.run();
            }
        });
    }

    Select<String> op() {
        return op;
    }

    ValueInput value() {
        return value;
    }

    /** Offers the operators of the field's kind and the value input the operator needs. */
    void fit() {
        Kind now = kind.get();
        List<String> ops = RuleVocabulary.operators(now);
        String chosen = op.getValue();
        if (!ops.equals(offered)) {
            offered = ops;
            op.setItems(ops);
        }
        op.setValue(now == shownKind && ops.contains(chosen) ? chosen : ops.getFirst());
        shownKind = now;
        value.adapt(RuleVocabulary.input(now, op.getValue()), now);
    }

    /** Shows a stored leaf's operator (offered even when it does not fit the field's kind) and value. */
    void show(JsonNode leaf) {
        Kind now = kind.get();
        List<String> ops = new ArrayList<>(RuleVocabulary.operators(now));
        String stored = leaf.path("op").asString("");
        if (!stored.isEmpty() && !ops.contains(stored)) {
            ops.add(stored);
        }
        offered = ops;
        op.setItems(ops);
        op.setValue(stored.isEmpty() ? ops.getFirst() : stored);
        shownKind = now;
        value.adapt(RuleVocabulary.input(now, op.getValue()), now);
        value.show(leaf.get("value"));
    }

    /** Writes the operator and, when there is one, the value into a leaf. */
    void write(ObjectNode leaf) {
        leaf.put("op", op.getValue());
        JsonNode v = value.value();
        if (v != null) {
            leaf.set("value", v);
        }
    }
}
