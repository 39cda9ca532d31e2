package io.quanyu.plugin.pkg;

import io.quanyu.objects.model.LocalizedText;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A builder page a plugin declares as data in its manifest ({@code pages}): a menu entry with its title, a list of the
 * records of one of the plugin's own object types ({@code object}) with the {@code columns} shown and the
 * {@code filters} offered, page {@code actions} and per-record {@code rowActions} bound to the plugin's operations,
 * and the plugin's dashboard {@code widgets}. The builder draws it; no plugin code runs in the builder.
 *
 * @param name       unique among the plugin's pages; the page's address is {@code plugin-pages/<plugin>/<name>}
 * @param title      the menu entry and heading in the builder's languages
 * @param object     the plugin's object type listed, or {@code null} for a page of actions and widgets only
 * @param columns    the fields shown, in order; empty for the type's first fields
 * @param filters    the fields a user filters on
 * @param actions    operations offered above the list, each with a form generated from its input schema
 * @param rowActions operations offered on each record, their input partly taken from the record
 * @param widgets    the plugin's widgets shown on the page, by name
 */
public record PageSpec(String name, LocalizedText title, @Nullable String object, List<String> columns,
                       List<String> filters, List<Action> actions, List<Action> rowActions, List<String> widgets) {

    public PageSpec {
        columns = List.copyOf(columns);
        filters = List.copyOf(filters);
        actions = List.copyOf(actions);
        rowActions = List.copyOf(rowActions);
        widgets = List.copyOf(widgets);
    }

    /**
     * An operation offered on a page.
     *
     * @param operation the plugin's operation
     * @param title     the button's label
     * @param input     input values set by the page: a literal, or on a row action {@code "$id"} (the record's id)
     *                  or {@code "$<field>"} (the record's value of that field); the user fills in the rest
     */
    public record Action(String operation, LocalizedText title, Map<String, JsonNode> input) {
        public Action {
            input = Collections.unmodifiableMap(new LinkedHashMap<>(input));
        }

        /** The record field a bound value names ({@code id} for {@code "$id"}), or {@code null} for a literal. */
        public static @Nullable String boundField(JsonNode value) {
            return value.isString() && value.stringValue().startsWith("$") ? value.stringValue().substring(1) : null;
        }

        /**
         * The preset input for a record: literals as written, bindings replaced by the record's values (a missing
         * value is left out), with {@code value(field)} reading the record ({@code "id"} for its id).
         */
        public Map<String, JsonNode> presetFor(Function<String, @Nullable JsonNode> value) {
            Map<String, JsonNode> out = new LinkedHashMap<>();
            input.forEach((name, preset) -> {
                String field = boundField(preset);
                JsonNode resolved = field == null ? preset : value.apply(field);
                if (resolved != null && !resolved.isNull() && !resolved.isMissingNode()) {
                    out.put(name, resolved);
                }
            });
            return out;
        }
    }

    /** The pages of a manifest document (checked by then), in declaration order. */
    static List<PageSpec> of(JsonNode document) {
        List<PageSpec> out = new ArrayList<>();
        for (JsonNode page : document.path("pages")) {
            out.add(new PageSpec(page.path("name").asString(), text(page.get("title")),
                    page.path("object").isString() ? page.path("object").asString() : null,
                    strings(page.path("columns")), strings(page.path("filters")), actions(page.path("actions")),
                    actions(page.path("rowActions")), strings(page.path("widgets"))));
        }
        return out;
    }

    private static List<Action> actions(JsonNode list) {
        List<Action> out = new ArrayList<>();
        for (JsonNode action : list) {
            Map<String, JsonNode> input = new LinkedHashMap<>();
            action.path("input").properties().forEach(e -> input.put(e.getKey(), e.getValue().deepCopy()));
            out.add(new Action(action.path("operation").asString(), text(action.get("title")), input));
        }
        return out;
    }

    private static LocalizedText text(JsonNode node) {
        return new LocalizedText(node.path("en").asString(), node.path("zh-CN").isString() ? node.path("zh-CN").asString() : null);
    }

    private static List<String> strings(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(s -> out.add(s.asString()));
        return out;
    }
}
