package io.quanyu.ui.segments;

import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import io.quanyu.ui.segments.RuleVocabulary.Kind;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A condition on one fact, {@code {"field": path, "op": ..., "value": ...}}: the field picker offers the common
 * facts and the customer fields the user may read ({@link FactChoices}) and takes any dot path typed in; the operators
 * are those that fit the fact's kind; the value input follows the operator (none, text, list, range, date, days).
 */
final class FieldCondition extends HorizontalLayout implements RulePart {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private final FactChoices facts;
    private final PathPicker field;
    private final Comparison comparison;
    private final Runnable changed;

    FieldCondition(FactChoices facts, Runnable changed, Consumer<RulePart> remove) {
        this.facts = facts;
        this.changed = changed;
        comparison = new Comparison(this::kind, changed);
        field = new PathPicker(facts.paths(), this::label, UnaryOperator.identity(), this::picked);
        addClassName("rule-row");
        getElement().setAttribute("data-kind", "field");
        field.addClassName("rule-field");
        field.setLabel(getTranslation("segments.rule.field"));
        field.setWidth("16em");
        comparison.op().addClassName("rule-op");
        add(RuleEditor.kindBadge(getTranslation("segments.rule.kind.field")), field, comparison.op(),
                comparison.value(),
                RuleEditor.removeButton(getTranslation("segments.rule.remove"), () -> remove.accept(this)));
        setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        setWrap(true);
        RuleEditor.row(this);
        field.setValue("tags");
        comparison.fit();
    }

    /**
     * A fact's label: its name in the user's language (a customer field's own label) and its path; a typed path as
     * itself.
     */
    private String label(String path) {
        Optional<String> name = RuleVocabulary.FACTS.containsKey(path)
                ? Optional.of(getTranslation("segments.fact." + path)) : facts.name(path, getLocale());
        return name.map(n -> n + " (" + path + ")").orElse(path);
    }

    private Kind kind() {
        return facts.kind(field.getValue());
    }

    private void picked() {
        comparison.fit();
        changed.run();
    }

    void show(JsonNode leaf) {
        field.show(leaf.path("field").asString(""));
        comparison.show(leaf);
    }

    @Override
    public JsonNode toJson(String pointer, Map<String, RulePart> index) {
        index.put(pointer, this);
        ObjectNode leaf = JSON.objectNode().put("field", field.path());
        comparison.write(leaf);
        return leaf;
    }

    @Override
    public void invalid(boolean invalid) {
        RuleEditor.mark(this, invalid);
    }
}
