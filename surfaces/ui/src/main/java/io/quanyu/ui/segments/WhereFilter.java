package io.quanyu.ui.segments;

import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import io.quanyu.ui.segments.RuleVocabulary.Kind;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.function.Consumer;

/**
 * One filter on a behaviour's events, {@code {"field": "channel" | "properties.<name>", "op": ..., "value": ...}}:
 * an event's rule may read only those, so the field picker offers the channel and takes a property's name typed in
 * (written under {@code properties.}); the operator and value follow the field as in a condition on a fact.
 */
final class WhereFilter extends HorizontalLayout {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private final PathPicker field;
    private final Comparison comparison;
    private final Runnable changed;

    WhereFilter(Runnable changed, Consumer<WhereFilter> remove) {
        this.changed = changed;
        comparison = new Comparison(this::kind, changed);
        field = new PathPicker(List.of(RuleVocabulary.CHANNEL), this::label, RuleVocabulary::eventPath, this::picked);
        addClassName("rule-where-row");
        field.addClassName("rule-where-field");
        field.setLabel(getTranslation("segments.where.field"));
        field.setHelperText(getTranslation("segments.where.fieldHelp"));
        field.setPlaceholder("amount");
        field.setWidth("16em");
        comparison.op().addClassName("rule-where-op");
        comparison.value().getElement().getClassList().add("rule-where-value");
        add(field, comparison.op(), comparison.value(),
                RuleEditor.removeButton(getTranslation("segments.where.remove"), () -> remove.accept(this)));
        setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        setWrap(true);
        setPadding(false);
        field.show(RuleVocabulary.CHANNEL);
        comparison.fit();
    }

    /** The channel by its name in the user's language and its path; a property by its path. */
    private String label(String path) {
        return RuleVocabulary.CHANNEL.equals(path)
                ? getTranslation("segments.where.channel") + " (" + path + ")" : path;
    }

    private Kind kind() {
        return RuleVocabulary.eventKind(field.getValue());
    }

    private void picked() {
        comparison.fit();
        changed.run();
    }

    /** Shows a stored leaf of a {@code where}. */
    void show(JsonNode leaf) {
        field.show(leaf.path("field").asString(""));
        comparison.show(leaf);
    }

    JsonNode toJson() {
        ObjectNode leaf = JSON.objectNode().put("field", field.path());
        comparison.write(leaf);
        return leaf;
    }
}
