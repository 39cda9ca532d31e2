package io.quanyu.plugin.pkg;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.objects.model.ObjectType;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a manifest's {@code pages} must mean beyond their shape: each page shows something (an object, actions or
 * widgets); columns, filters and row actions need an object; actions name declared operations and preset only
 * their input's properties; only row actions bind record values ({@code "$id"}, {@code "$<field>"}); widgets are
 * declared. Once the package's object types are read, {@link #checkFields} checks that a page lists one of the
 * plugin's own types and names only its fields.
 */
final class PageRules {

    private PageRules() {
    }

    static void check(JsonNode doc, List<FieldViolation> out) {
        Map<String, JsonNode> operations = new java.util.HashMap<>();
        doc.path("operations").forEach(o -> operations.put(o.path("name").asString(), o));
        Set<String> widgets = new HashSet<>();
        doc.path("widgets").forEach(w -> widgets.add(w.path("name").asString()));
        JsonNode pages = doc.path("pages");
        for (int i = 0; i < pages.size(); i++) {
            JsonNode page = pages.get(i);
            String at = "/pages/" + i;
            boolean listsRecords = page.path("object").isString();
            for (String needsObject : List.of("columns", "filters", "rowActions")) {
                if (!listsRecords && !page.path(needsObject).isEmpty()) {
                    out.add(new FieldViolation(at + "/" + needsObject, "requiresObject",
                            "needs the page's object, whose records it is about"));
                }
            }
            if (!listsRecords && page.path("actions").isEmpty() && page.path("widgets").isEmpty()) {
                out.add(new FieldViolation(at, "empty", "shows nothing: give it an object, actions or widgets"));
            }
            actions(page.path("actions"), at + "/actions", false, operations, out);
            actions(page.path("rowActions"), at + "/rowActions", true, operations, out);
            JsonNode shown = page.path("widgets");
            for (int w = 0; w < shown.size(); w++) {
                if (!widgets.contains(shown.get(w).asString())) {
                    out.add(new FieldViolation(at + "/widgets/" + w, "unknown", "is not one of the manifest's widgets"));
                }
            }
        }
    }

    private static void actions(JsonNode actions, String at, boolean onRecords, Map<String, JsonNode> operations,
                                List<FieldViolation> out) {
        for (int a = 0; a < actions.size(); a++) {
            JsonNode action = actions.get(a);
            JsonNode operation = operations.get(action.path("operation").asString());
            if (operation == null) {
                out.add(new FieldViolation(at + "/" + a + "/operation", "unknown", "is not one of the manifest's operations"));
                continue;
            }
            JsonNode properties = operation.path("input").path("properties");
            for (Map.Entry<String, JsonNode> preset : action.path("input").properties()) {
                String where = at + "/" + a + "/input/" + preset.getKey().replace("~", "~0").replace("/", "~1");
                if (!properties.has(preset.getKey())) {
                    out.add(new FieldViolation(where, "unknown", "is not a property of the operation's input"));
                } else if (!onRecords && PageSpec.Action.boundField(preset.getValue()) != null) {
                    out.add(new FieldViolation(where, "binding", "binds a record value, which only a row action has"));
                }
            }
        }
    }

    /**
     * A page's object must be one of the package's types, and its columns, filters and row-action bindings its
     * fields ({@code id} too for a binding).
     *
     * @throws QuanyuException {@code PLUGIN_MANIFEST_INVALID} listing every problem
     */
    static void checkFields(PluginManifest manifest, List<ObjectType> types) {
        List<FieldViolation> out = new ArrayList<>();
        List<PageSpec> pages = manifest.pages();
        for (int i = 0; i < pages.size(); i++) {
            PageSpec page = pages.get(i);
            if (page.object() == null) {
                continue;
            }
            String at = "/pages/" + i;
            Optional<ObjectType> type = types.stream().filter(t -> t.apiName().equals(page.object())).findFirst();
            if (type.isEmpty()) {
                out.add(new FieldViolation(at + "/object", "unknown", "is not one of the plugin's object types"));
                continue;
            }
            fields(type.get(), page.columns(), at + "/columns", out);
            fields(type.get(), page.filters(), at + "/filters", out);
            for (int a = 0; a < page.rowActions().size(); a++) {
                for (Map.Entry<String, JsonNode> preset : page.rowActions().get(a).input().entrySet()) {
                    String field = PageSpec.Action.boundField(preset.getValue());
                    if (field != null && !field.equals("id") && type.get().field(field).isEmpty()) {
                        out.add(new FieldViolation(at + "/rowActions/" + a + "/input/" + preset.getKey(), "unknown",
                                "binds " + field + ", which is neither id nor a field of " + page.object()));
                    }
                }
            }
        }
        if (!out.isEmpty()) {
            throw new QuanyuException(ErrorCode.PLUGIN_MANIFEST_INVALID, Map.of("plugin", manifest.id()), out, null);
        }
    }

    private static void fields(ObjectType type, List<String> names, String at, List<FieldViolation> out) {
        for (int f = 0; f < names.size(); f++) {
            if (type.field(names.get(f)).isEmpty()) {
                out.add(new FieldViolation(at + "/" + f, "unknown", "is not a field of " + type.apiName()));
            }
        }
    }
}
