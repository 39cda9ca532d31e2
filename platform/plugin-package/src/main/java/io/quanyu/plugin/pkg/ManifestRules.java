package io.quanyu.plugin.pkg;

import com.github.zafarkhaja.semver.Version;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.objects.schema.JsonSchemas;
import io.quanyu.plugin.sdk.Sdk;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The manifest checks its JSON Schema cannot express: a semantic version, a valid SDK range, compilable and
 * self-contained object schemas, names unique per kind and job intervals of at least a minute.
 */
final class ManifestRules {
    private static final String DRAFT = "https://json-schema.org/draft/2020-12/schema";
    /** Each list of named entries and the property that names them. */
    private static final Map<String, String> NAMED = Map.ofEntries(Map.entry("operations", "name"),
            Map.entry("events", "type"), Map.entry("channels", "name"), Map.entry("actions", "name"),
            Map.entry("triggers", "name"), Map.entry("webhooks", "path"), Map.entry("jobs", "name"),
            Map.entry("widgets", "name"), Map.entry("tasks", "name"), Map.entry("subscriptions", "name"),
            Map.entry("pages", "name"));

    private ManifestRules() {
    }

    static List<FieldViolation> check(JsonNode doc) {
        List<FieldViolation> out = new ArrayList<>();
        if (!Version.isValid(doc.path("version").asString(""))) {
            out.add(new FieldViolation("/version", "semver", "is not a semantic version such as 1.2.0"));
        }
        requires(doc.path("requires").asString(""), out);
        schemas(doc, out);
        NAMED.forEach((list, key) -> unique(doc.path(list), "/" + list, "/" + key, out));
        unique(doc.path("objects"), "/objects", "", out);
        jobs(doc.path("jobs"), out);
        filters(doc.path("subscriptions"), out);
        egress(doc.path("egress"), out);
        egressSettings(doc, out);
        PageRules.check(doc, out);
        return out;
    }

    /** A subscription's filter must be a rule of the condition language; its problems keep their pointers. */
    private static void filters(JsonNode subscriptions, List<FieldViolation> out) {
        for (int i = 0; i < subscriptions.size(); i++) {
            JsonNode filter = subscriptions.get(i).get("filter");
            if (filter == null) {
                continue;
            }
            try {
                io.quanyu.conditions.Conditions.parseWithoutBehavior(filter);
            } catch (io.quanyu.core.error.QuanyuException e) {
                String at = "/subscriptions/" + i + "/filter";
                e.violations().forEach(v -> out.add(new FieldViolation(at + v.pointer(), v.code(), v.message())));
            }
        }
    }

    private static void requires(String range, List<FieldViolation> out) {
        try {
            Sdk.satisfies(range);
        } catch (IllegalArgumentException e) {
            out.add(new FieldViolation("/requires", "range", "is not an SDK version expression such as >=1.0.0 & <2.0.0"));
        }
    }

    private static void schemas(JsonNode doc, List<FieldViolation> out) {
        schema(doc.get("settings"), "/settings", out);
        for (int i = 0; i < doc.path("operations").size(); i++) {
            schema(doc.path("operations").get(i).get("input"), "/operations/" + i + "/input", out);
            schema(doc.path("operations").get(i).get("output"), "/operations/" + i + "/output", out);
        }
        for (int i = 0; i < doc.path("events").size(); i++) {
            schema(doc.path("events").get(i).get("schema"), "/events/" + i + "/schema", out);
        }
        for (int i = 0; i < doc.path("actions").size(); i++) {
            schema(doc.path("actions").get(i).get("parameters"), "/actions/" + i + "/parameters", out);
        }
        for (int i = 0; i < doc.path("triggers").size(); i++) {
            schema(doc.path("triggers").get(i).get("parameters"), "/triggers/" + i + "/parameters", out);
        }
    }

    /** A schema must stay inside the manifest (no remote loading) and compile; it is tried on an empty object. */
    private static void schema(JsonNode schema, String at, List<FieldViolation> out) {
        if (schema == null || !schema.isObject()) {
            return;
        }
        int before = out.size();
        selfContained(schema, at, out);
        if (out.size() > before) {
            return;
        }
        try {
            JsonSchemas.compile(schema).validate(JsonNodeFactory.instance.objectNode());
        } catch (RuntimeException e) {
            out.add(new FieldViolation(at, "schema", "is not a usable JSON Schema: " + e.getMessage()));
        }
    }

    private static void selfContained(JsonNode node, String at, List<FieldViolation> out) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                selfContained(node.get(i), at + "/" + i, out);
            }
        }
        for (Map.Entry<String, JsonNode> property : node.isObject() ? node.properties() : Set.<Map.Entry<String, JsonNode>>of()) {
            String key = property.getKey();
            String where = at + "/" + key.replace("~", "~0").replace("/", "~1");
            if (!allowedKeyword(key, property.getValue())) {
                out.add(new FieldViolation(where, "externalReference",
                        "must not name other documents ($id, $schema other than draft 2020-12, non-local $ref)"));
            } else {
                selfContained(property.getValue(), where, out);
            }
        }
    }

    private static boolean allowedKeyword(String key, JsonNode value) {
        return switch (key) {
            case "$id" -> false;
            case "$schema" -> value.isString() && value.stringValue().equals(DRAFT);
            case "$ref", "$dynamicRef" -> !value.isString() || value.stringValue().startsWith("#");
            default -> true;
        };
    }

    private static void unique(JsonNode list, String at, String key, List<FieldViolation> out) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode name = key.isEmpty() ? list.get(i) : list.get(i).path(key.substring(1));
            if (!seen.add(name.asString())) {
                out.add(new FieldViolation(at + "/" + i + key, "duplicate", "another entry has this name"));
            }
        }
    }

    /** Ports from 1 to 65535 (the schema checks the rest of each entry's shape). */
    private static void egress(JsonNode egress, List<FieldViolation> out) {
        for (int i = 0; i < egress.size(); i++) {
            String entry = egress.get(i).asString("");
            int colon = entry.lastIndexOf(':');
            if (colon > 0 && entry.charAt(colon - 1) != ':' && (entry.startsWith("[") ? entry.charAt(colon - 1) == ']'
                    : entry.indexOf(':') == colon)) {
                String port = entry.substring(colon + 1);
                if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                    out.add(new FieldViolation("/egress/" + i, "range", "has a port outside 1 to 65535"));
                }
            }
        }
    }

    /** Each setting named in {@code egressSettings} is a text property of the settings schema. */
    private static void egressSettings(JsonNode doc, List<FieldViolation> out) {
        JsonNode names = doc.path("egressSettings");
        for (int i = 0; i < names.size(); i++) {
            JsonNode property = doc.path("settings").path("properties").path(names.get(i).asString(""));
            if (!"string".equals(property.path("type").asString(""))) {
                out.add(new FieldViolation("/egressSettings/" + i, "unknown",
                        "names no text property of the settings schema"));
            }
        }
    }

    private static void jobs(JsonNode jobs, List<FieldViolation> out) {
        for (int i = 0; i < jobs.size(); i++) {
            String at = "/jobs/" + i + "/every";
            try {
                if (Duration.parse(jobs.get(i).path("every").asString("")).compareTo(JobSpec.MIN_INTERVAL) < 0) {
                    out.add(new FieldViolation(at, "range", "must be at least PT1M"));
                }
            } catch (DateTimeParseException e) {
                out.add(new FieldViolation(at, "format", "is not an ISO-8601 duration such as PT15M"));
            }
        }
    }
}
