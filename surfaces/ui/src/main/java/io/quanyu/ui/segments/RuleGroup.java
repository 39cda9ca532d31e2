package io.quanyu.ui.segments;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A group of conditions: all of them (AND) or any of them (OR), optionally negated (NOT), holding conditions on
 * facts, behaviour conditions and further groups. The root group is level 1 and cannot be removed; its buttons have
 * ids ({@code #rule-add-condition}, {@code #rule-add-behavior}, {@code #rule-add-group}), every group's have classes.
 */
final class RuleGroup extends VerticalLayout implements RulePart {
    /** How deep the editor lets groups nest (the language allows 32 levels; a rule read deeper is still shown). */
    static final int MAX_DEPTH = 4;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private final int depth;
    private final FactChoices facts;
    private final Runnable changed;
    private final Select<String> combinator = new Select<>();
    private final Checkbox not = new Checkbox();
    private final VerticalLayout body = new VerticalLayout();
    private final List<RulePart> parts = new ArrayList<>();

    /**
     * @param facts  what its conditions on facts offer
     * @param remove takes this group out of its parent; null for the root
     */
    RuleGroup(int depth, FactChoices facts, Runnable changed, Consumer<RulePart> remove) {
        this.depth = depth;
        this.facts = facts;
        this.changed = changed;
        addClassName("rule-group");
        getElement().setAttribute("data-depth", String.valueOf(depth));
        combinator.addClassName("rule-combinator");
        combinator.setLabel(getTranslation("segments.rule.match"));
        combinator.setItems("all", "any");
        combinator.setItemLabelGenerator(c -> getTranslation("segments.rule." + c));
        combinator.setValue("all");
        combinator.setWidth("16em");
        combinator.addValueChangeListener(e -> changedByUser(e.isFromClient()));
        not.addClassName("rule-not");
        not.setLabel(getTranslation("segments.rule.not"));
        not.addValueChangeListener(e -> changedByUser(e.isFromClient()));
        HorizontalLayout head = new HorizontalLayout(combinator, not);
        head.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        if (remove != null) {
            head.add(RuleEditor.removeButton(getTranslation("segments.rule.removeGroup"), () -> remove.accept(this)));
        }
        body.addClassName("rule-parts");
        body.setPadding(false);
        body.setSpacing(false);
        body.getStyle().set("gap", "var(--lumo-space-s)");
        add(head, body, buttons());
        setSpacing(false);
        getStyle().set("gap", "var(--lumo-space-s)")
                .set("border", "1px solid var(--lumo-contrast-20pct)")
                .set("border-radius", "var(--lumo-border-radius-l)")
                .set("background", depth % 2 == 0 ? "var(--lumo-contrast-5pct)" : "var(--lumo-base-color)");
    }

    private HorizontalLayout buttons() {
        HorizontalLayout buttons = new HorizontalLayout(
                button("condition", VaadinIcon.PLUS, () -> append(new FieldCondition(facts, changed, this::remove))),
                button("behavior", VaadinIcon.CLOCK, () -> append(new BehaviorCondition(changed, this::remove))));
        if (depth < MAX_DEPTH) {
            buttons.add(button("group", VaadinIcon.FOLDER_ADD,
                    () -> append(new RuleGroup(depth + 1, facts, changed, this::remove))));
        }
        buttons.setSpacing(false);
        buttons.getStyle().set("gap", "var(--lumo-space-s)").set("flex-wrap", "wrap");
        return buttons;
    }

    private Button button(String what, VaadinIcon icon, Runnable add) {
        Button button = new Button(getTranslation("segments.rule.add." + what), icon.create(), e -> {
            add.run();
            changed.run();
        });
        button.addClassName("rule-add-" + what);
        button.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        if (depth == 1) {
            button.setId("rule-add-" + what);
        }
        return button;
    }

    private <P extends Component & RulePart> P append(P part) {
        parts.add(part);
        body.add(part);
        return part;
    }

    private void remove(RulePart part) {
        parts.remove(part);
        body.remove((Component) part);
        changed.run();
    }

    private void changedByUser(boolean fromClient) {
        if (fromClient) {
            changed.run();
        }
    }

    /**
     * Shows a stored rule node: {@code all}/{@code any} with its children, {@code not} of either as this group
     * negated, and any other node (a condition, or {@code not} of one) as this group's only part.
     */
    void show(JsonNode node) {
        parts.clear();
        body.removeAll();
        boolean negated = node != null && node.has("not");
        JsonNode inner = negated ? node.get("not") : node;
        not.setValue(negated);
        combinator.setValue(inner != null && inner.has("any") ? "any" : "all");
        if (inner == null) {
            return;
        }
        if (inner.has("all") || inner.has("any")) {
            inner.get(combinator.getValue()).forEach(this::load);
        } else {
            load(inner);
        }
    }

    private void load(JsonNode node) {
        if (node.has("all") || node.has("any") || node.has("not")) {
            append(new RuleGroup(depth + 1, facts, changed, this::remove)).show(node);
        } else if (node.has("behavior")) {
            append(new BehaviorCondition(changed, this::remove)).show(node.get("behavior"));
        } else {
            append(new FieldCondition(facts, changed, this::remove)).show(node);
        }
    }

    /** {@code {"all"|"any": [...]}}, inside {@code {"not": ...}} when negated ({@code not} of the part when alone). */
    @Override
    public JsonNode toJson(String pointer, Map<String, RulePart> index) {
        index.put(pointer, this);
        boolean negated = not.getValue();
        String at = negated ? pointer + "/not" : pointer;
        ObjectNode out = JSON.objectNode();
        if (negated && parts.size() == 1) {
            out.set("not", parts.getFirst().toJson(at, index));
            return out;
        }
        String key = combinator.getValue();
        ArrayNode items = JSON.arrayNode();
        for (int i = 0; i < parts.size(); i++) {
            items.add(parts.get(i).toJson(at + "/" + key + "/" + i, index));
        }
        ObjectNode group = JSON.objectNode();
        group.set(key, items);
        if (!negated) {
            return group;
        }
        out.set("not", group);
        return out;
    }

    @Override
    public void invalid(boolean invalid) {
        RuleEditor.mark(this, invalid);
    }
}
