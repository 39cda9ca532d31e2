package io.quanyu.ui.segments;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A behaviour's {@code where}, which events are counted at all: filter rows an event must all meet, written as
 * {@code {"all": [...]}}, one row as its bare leaf (a stored {@code all} of one leaf comes back so, meaning the same)
 * and none as no {@code where}. A stored {@code where} the rows cannot draw ({@code any}, {@code not}, nested groups)
 * is shown as text and kept as stored, since rewriting it as rows would change what it counts.
 */
final class WhereFilters extends VerticalLayout {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> LEAF_KEYS = Set.of("field", "op", "value");
    private final Runnable changed;
    private final Span title = new Span();
    private final VerticalLayout rows = new VerticalLayout();
    private final List<WhereFilter> filters = new ArrayList<>();
    private final Span kept = new Span();
    private final Button add;
    private JsonNode keptWhere;

    WhereFilters(Runnable changed) {
        this.changed = changed;
        addClassName("rule-where-filters");
        title.setText(getTranslation("segments.where.title"));
        title.getStyle().set("font-size", "var(--lumo-font-size-s)").set("color", "var(--lumo-secondary-text-color)");
        kept.addClassName("rule-where");
        rows.setPadding(false);
        rows.setSpacing(false);
        add = new Button(getTranslation("segments.where.add"), VaadinIcon.FILTER.create(), e -> {
            append();
            changed.run();
        });
        add.addClassName("rule-where-add");
        add.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        add(title, rows, kept, add);
        setPadding(false);
        setSpacing(false);
        fit();
    }

    /** Shows a stored {@code where} (null for none): as rows when they can draw it, else as text. */
    void show(JsonNode where) {
        filters.clear();
        rows.removeAll();
        Optional<List<JsonNode>> leaves = leaves(where);
        keptWhere = leaves.isPresent() ? null : where;
        kept.setText(keptWhere == null ? "" : getTranslation("segments.where.kept", keptWhere.toString()));
        leaves.orElse(List.of()).forEach(leaf -> append().show(leaf));
        fit();
    }

    /**
     * The leaves of a stored {@code where} the rows can draw: none for no {@code where}, a bare leaf, or the leaves of
     * an {@code all}; empty for anything else.
     */
    static Optional<List<JsonNode>> leaves(JsonNode where) {
        if (where == null) {
            return Optional.of(List.of());
        }
        JsonNode all = where.get("all");
        List<JsonNode> items = where.size() == 1 && all != null && all.isArray() ? all.valueStream().toList()
                : List.of(where);
        return items.stream().allMatch(WhereFilters::leaf) ? Optional.of(items) : Optional.empty();
    }

    private static boolean leaf(JsonNode node) {
        return node.isObject() && node.path("field").isString() && node.path("op").isString()
                && LEAF_KEYS.containsAll(node.propertyNames());
    }

    /** The {@code where} to write: the kept one, else the rows' (one alone, several in {@code all}); null for none. */
    JsonNode toJson() {
        if (keptWhere != null) {
            return keptWhere;
        }
        if (filters.size() < 2) {
            return filters.isEmpty() ? null : filters.getFirst().toJson();
        }
        ObjectNode where = JSON.objectNode();
        ArrayNode all = where.putArray("all");
        filters.forEach(filter -> all.add(filter.toJson()));
        return where;
    }

    private WhereFilter append() {
        WhereFilter filter = new WhereFilter(changed, this::remove);
        filters.add(filter);
        rows.add(filter);
        fit();
        return filter;
    }

    private void remove(WhereFilter filter) {
        filters.remove(filter);
        rows.remove(filter);
        fit();
        changed.run();
    }

    /** The title over the rows, the kept text, or the add button, as the filter has them. */
    private void fit() {
        title.setVisible(!filters.isEmpty());
        kept.setVisible(keptWhere != null);
        add.setVisible(keptWhere == null);
    }
}
