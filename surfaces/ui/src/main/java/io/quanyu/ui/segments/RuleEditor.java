package io.quanyu.ui.segments;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasSize;
import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.ThemableLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import io.quanyu.core.error.FieldViolation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The visual rule editor: a root group (AND/OR, NOT) of conditions on facts, behaviour conditions and nested groups,
 * which writes the rule in the condition language (a segment's rule, a journey's condition step); the rule's JSON is shown read-only below for those who read it.
 * Listeners hear every edit; {@link #mark} shows the server's violations at the parts they point at.
 */
public final class RuleEditor extends VerticalLayout {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final RuleGroup root;
    private final Pre json = new Pre();
    private final List<Runnable> listeners = new ArrayList<>();
    private Map<String, RulePart> index = Map.of();
    private boolean readOnly;

    /** @param facts what the conditions on facts offer */
    public RuleEditor(FactChoices facts) {
        root = new RuleGroup(1, facts, this::changed, null);
        setId("rule-editor");
        json.setId("segment-rule-json");
        json.getStyle().set("margin", "0").set("font-size", "var(--lumo-font-size-s)");
        Details details = new Details(getTranslation("segments.rule.json"), json);
        details.setId("segment-rule-json-details");
        add(root, details);
        setPadding(false);
        setSpacing(false);
        getStyle().set("gap", "var(--lumo-space-s)");
        root.setWidthFull();
        changed();
    }

    /** Runs after every edit of the rule. */
    public void addChangeListener(Runnable listener) {
        listeners.add(listener);
    }

    /** Shows a stored rule (a new segment's is {@code {"all": []}}, which every customer matches). */
    public void show(JsonNode rule) {
        root.show(rule);
        if (readOnly) {
            lock(root);
        }
        changed();
    }

    /** For those who read but may not change segments: every input read-only, no add or remove buttons. */
    public void setReadOnly(boolean readOnly) {
        this.readOnly = readOnly;
        if (readOnly) {
            lock(root);
        }
    }

    private static void lock(Component component) {
        if (component instanceof HasValue<?, ?> input) {
            input.setReadOnly(true);
        } else if (component instanceof Button button) {
            button.setVisible(false);
        }
        component.getChildren().forEach(RuleEditor::lock);
    }

    /** The rule as drawn now. */
    public JsonNode rule() {
        Map<String, RulePart> parts = new HashMap<>();
        JsonNode rule = root.toJson("", parts);
        index = parts;
        return rule;
    }

    /** Marks the parts the violations point at (JSON pointers from the rule's root) and clears the other marks. */
    public void mark(List<FieldViolation> violations) {
        index.values().forEach(part -> part.invalid(false));
        violations.forEach(v -> part(v.pointer()).ifPresent(part -> part.invalid(true)));
    }

    /** The innermost part at or above a pointer ({@code /all/1/behavior/event} is in the part at {@code /all/1}). */
    private Optional<RulePart> part(String pointer) {
        String at = pointer;
        while (!index.containsKey(at) && at.contains("/")) {
            at = at.substring(0, at.lastIndexOf('/'));
        }
        return Optional.ofNullable(index.get(at));
    }

    private void changed() {
        JsonNode rule = rule();
        index.values().forEach(part -> part.invalid(false));
        json.setText(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(rule));
        listeners.forEach(Runnable::run);
    }

    /** The small "×" that takes a condition or group out of the rule. */
    static Button removeButton(String label, Runnable remove) {
        Button button = new Button(VaadinIcon.CLOSE_SMALL.create(), e -> remove.run());
        button.setAriaLabel(label);
        button.setTooltipText(label);
        button.addClassName("rule-remove");
        button.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_ICON, ButtonVariant.LUMO_ERROR);
        return button;
    }

    /** What kind of condition a row is ("Fact", "Behaviour"), as a small badge at its start. */
    static Span kindBadge(String text) {
        Span badge = new Span(text);
        badge.getElement().getThemeList().add("badge small contrast");
        badge.getStyle().set("min-width", "5.5em").set("justify-content", "center");
        return badge;
    }

    /** A condition drawn as a light card inside its group. */
    static <L extends Component & ThemableLayout & HasSize> void row(L row) {
        row.setPadding(false);
        row.setWidthFull();
        row.getStyle().set("padding", "var(--lumo-space-xs) var(--lumo-space-s)")
                .set("background", "var(--lumo-base-color)").set("border", "1px solid var(--lumo-contrast-10pct)")
                .set("border-radius", "var(--lumo-border-radius-m)").set("box-sizing", "border-box");
    }

    /** A part the server refused: a red bar at its left. */
    static void mark(Component part, boolean invalid) {
        part.getElement().getClassList().set("rule-invalid", invalid);
        part.getElement().getStyle().set("box-shadow", invalid ? "inset 3px 0 0 var(--lumo-error-color)" : null);
    }
}
