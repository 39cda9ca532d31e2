package io.quanyu.plugin.pkg;

import com.networknt.schema.Schema;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.objects.model.LocalizedText;
import io.quanyu.objects.schema.JsonSchemas;
import io.quanyu.plugin.sdk.Sdk;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads a plugin manifest: first its shape is checked against
 * {@code META-INF/quanyu/schemas/plugin-manifest.schema.json} (draft 2020-12), and its meaning (semantic version,
 * SDK range, compilable object schemas, unique names, job intervals). Every problem is reported at once with
 * {@code PLUGIN_MANIFEST_INVALID} and one {@link FieldViolation} per problem; a valid manifest whose {@code requires}
 * excludes this platform's SDK fails with {@code PLUGIN_SDK_INCOMPATIBLE}.
 */
public final class ManifestParser {
    /** Where the manifest lives in a plugin package. */
    public static final String MANIFEST_ENTRY = "META-INF/quanyu/plugin.json";
    private static final Schema SHAPE = JsonSchemas.resource("/META-INF/quanyu/schemas/plugin-manifest.schema.json");
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private ManifestParser() {
    }

    /**
     * Parses and checks a manifest.
     *
     * @throws QuanyuException {@code PLUGIN_MANIFEST_INVALID} listing every problem, or {@code PLUGIN_SDK_INCOMPATIBLE}
     */
    public static PluginManifest parse(byte[] json) {
        JsonNode doc = read(json);
        List<FieldViolation> problems = new ArrayList<>(JsonSchemas.violations(SHAPE, doc, ""));
        for (FieldViolation rule : ManifestRules.check(doc)) {
            if (problems.stream().noneMatch(shape -> within(rule.pointer(), shape.pointer()))) {
                problems.add(rule);
            }
        }
        if (!problems.isEmpty()) {
            throw invalid(doc, problems);
        }
        PluginManifest manifest = bind(doc);
        if (!Sdk.satisfies(manifest.requires())) {
            throw new QuanyuException(ErrorCode.PLUGIN_SDK_INCOMPATIBLE, Map.of("plugin", manifest.id(),
                    "requires", manifest.requires(), "sdk", Sdk.VERSION));
        }
        return manifest;
    }

    /** Whether {@code pointer} is {@code parent} or below it (a shape problem there already says enough). */
    private static boolean within(String pointer, String parent) {
        return pointer.equals(parent) || pointer.startsWith(parent + "/");
    }

    private static JsonNode read(byte[] json) {
        JsonNode doc;
        try {
            doc = JSON.readTree(json);
        } catch (JacksonException e) {
            throw invalid(null, List.of(new FieldViolation("", "syntax", "is not valid JSON: " + e.getOriginalMessage())));
        }
        if (doc == null || !doc.isObject()) {
            throw invalid(null, List.of(new FieldViolation("", "type", "must be a JSON object")));
        }
        return doc;
    }

    private static QuanyuException invalid(JsonNode doc, List<FieldViolation> problems) {
        String plugin = doc != null && doc.path("id").isString() ? doc.path("id").stringValue() : "?";
        return new QuanyuException(ErrorCode.PLUGIN_MANIFEST_INVALID, Map.of("plugin", plugin), problems, null);
    }

    private static PluginManifest bind(JsonNode d) {
        return new PluginManifest(text(d, "id"), text(d, "version"), text(d, "requires"), text(d, "provider"),
                text(d, "license"), localized(d.get("name")), localized(d.get("description")), schema(d.get("settings")),
                list(d, "operations", ManifestParser::operation), list(d, "objects", JsonNode::stringValue),
                list(d, "events", e -> new EventSpec(text(e, "type"), schema(e.get("schema")))),
                list(d, "channels", c -> new ChannelSpec(text(c, "name"), strings(c, "identityTypes"),
                        strings(c, "capabilities"), c.has("window") ? new ChannelSpec.Window(
                        c.get("window").path("hours").asInt(), c.get("window").path("maxMessages").asInt(0),
                        c.get("window").path("interactionChannel").asString(),
                        c.get("window").path("reason").asString(ChannelSpec.Window.DEFAULT_REASON)) : null)),
                list(d, "actions", a -> new ActionSpec(text(a, "name"), localized(a.get("title")), schema(a.get("parameters")))),
                list(d, "triggers", t -> new TriggerSpec(text(t, "name"), localized(t.get("title")), strings(t, "eventTypes"),
                        schema(t.get("parameters")))),
                list(d, "webhooks", w -> new WebhookSpec(text(w, "path"), "customer".equals(w.path("auth").asString("none")))),
                list(d, "jobs", j -> new JobSpec(text(j, "name"), Duration.parse(text(j, "every")))),
                list(d, "tasks", t -> new TaskSpec(text(t, "name"))),
                list(d, "subscriptions", s -> new SubscriptionSpec(text(s, "name"), strings(s, "eventTypes"),
                        s.get("filter") == null ? null : io.quanyu.conditions.Conditions.parseWithoutBehavior(s.get("filter")))),
                list(d, "widgets", w -> new WidgetSpec(text(w, "name"), localized(w.get("title")), w.get("chart"))),
                list(d, "egress", JsonNode::stringValue),
                d.deepCopy());
    }

    private static OperationSpec operation(JsonNode o) {
        OperationKind kind = OperationKind.valueOf(text(o, "kind").toUpperCase(Locale.ROOT));
        return new OperationSpec(text(o, "name"), kind, text(o, "description"), o.get("input"), o.get("output"),
                strings(o, "roles"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.stringValue();
    }

    private static LocalizedText localized(JsonNode node) {
        return node == null ? null : new LocalizedText(text(node, "en"), text(node, "zh-CN"));
    }

    private static JsonNode schema(JsonNode node) {
        return node != null ? node : JsonNodeFactory.instance.objectNode().put("type", "object");
    }

    private static List<String> strings(JsonNode node, String field) {
        return list(node, field, JsonNode::stringValue);
    }

    private static <T> List<T> list(JsonNode node, String field, Function<JsonNode, T> item) {
        List<T> out = new ArrayList<>();
        node.path(field).forEach(element -> out.add(item.apply(element)));
        return out;
    }
}
