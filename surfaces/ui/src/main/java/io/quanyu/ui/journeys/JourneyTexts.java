package io.quanyu.ui.journeys;

import com.vaadin.flow.component.UI;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.journeys.Journey;
import io.quanyu.ui.forms.ViolationText;
import io.quanyu.ui.i18n.Languages;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** How the journeys screen words things in the user's language: node types, paths, summaries, counts, problems. */
final class JourneyTexts implements JourneyDraft.Texts {
    private static final ViolationText.Limits NO_LIMITS = new ViolationText.Limits(null, null, null, null, null);

    private static String t(String key, Object... args) {
        return UI.getCurrent().getTranslation(key, args);
    }

    @Override
    public String type(String type) {
        return t("journeys.type." + type);
    }

    @Override
    public String port(String port) {
        return t("journeys.port." + port);
    }

    @Override
    public String summary(String id, JsonNode node) {
        if (JourneyDraft.ENTRY.equals(id)) {
            JsonNode entry = node.path("entry");
            if (entry.has("event")) {
                return t("journeys.summary.entry.event", entry.path("event").asString());
            }
            if (entry.has("segment")) {
                return t("journeys.summary.entry.segment", entry.path("segment").asString());
            }
            if (entry.has("date")) {
                JsonNode date = entry.path("date");
                return t("journeys.summary.entry.date", date.path("field").asString(""), date.path("daysBefore").asInt(0));
            }
            if (entry.has("schedule")) {
                return t("journeys.summary.entry.schedule", entry.path("schedule").path("segment").asString());
            }
            if (entry.has("trigger")) {
                return t("journeys.summary.entry.trigger", entry.path("trigger").path("plugin").asString(""),
                        entry.path("trigger").path("name").asString(""));
            }
            return entry.has("api") ? t("journeys.summary.entry.api") : "";
        }
        return switch (node.path("type").asString("")) {
            case "wait" -> t("journeys.summary.wait", duration(node.path("duration").asString("")));
            case "waitForEvent" -> t("journeys.summary.waitForEvent", node.path("event").asString(""),
                    duration(node.path("timeout").asString("")));
            case "split" -> t("journeys.summary.split", node.path("arms").size());
            case "send" -> t("journeys.summary.send", node.path("template").asString(""), list(node.path("channels")));
            case "tag" -> t("journeys.summary.tag", list(node.path("add")), list(node.path("remove")));
            case "update" -> t("journeys.summary.update", node.path("fields").size());
            case "action" -> node.path("plugin").asString("") + "/" + node.path("action").asString("");
            case "webhook" -> t("journeys.summary.webhook", host(node.path("url").asString("")));
            case "condition" -> condition(node.path("rule"));
            default -> "";
        };
    }

    /**
     * A condition's rule in a few words: its one condition on a fact ({@code tags contains gold}), else how many
     * conditions it has.
     */
    static String condition(JsonNode rule) {
        List<JsonNode> leaves = new ArrayList<>();
        leaves(rule, leaves);
        JsonNode only = leaves.size() == 1 && !rule.has("not") ? leaves.getFirst() : null;
        if (only != null && only.has("field") && only.path("op").isString()) {
            JsonNode value = only.get("value");
            return only.path("field").asString() + " " + t("segments.op." + only.path("op").asString())
                    + (value == null ? "" : " " + (value.isString() ? value.asString() : value.toString()));
        }
        return t("journeys.summary.condition", leaves.size());
    }

    private static void leaves(JsonNode rule, List<JsonNode> out) {
        for (String group : List.of("all", "any")) {
            if (rule.get(group) instanceof tools.jackson.databind.node.ArrayNode parts) {
                parts.forEach(part -> leaves(part, out));
                return;
            }
        }
        if (rule.has("not")) {
            leaves(rule.get("not"), out);
        } else if (rule.isObject() && !rule.isEmpty()) {
            out.add(rule);
        }
    }

    /** The host of a URL as typed, or the text itself when it names none. */
    static String host(String url) {
        try {
            String host = java.net.URI.create(url).getHost();
            return host == null ? url : host;
        } catch (IllegalArgumentException e) {
            return url;
        }
    }

    /** An ISO duration in the user's words where it is whole minutes, hours or days. */
    static String duration(String iso) {
        DurationInput.Amount amount = DurationInput.Amount.parse(iso);
        return amount == null ? iso : amount.value() + " " + t("journeys.node.unit." + amount.unit());
    }

    static String list(JsonNode array) {
        List<String> items = new ArrayList<>();
        array.forEach(item -> items.add(item.asString()));
        return String.join(",", items);
    }

    /** Per node, its badge: the customers at it now by state or outcome ({@code waiting 3 · completed 5}). */
    static ObjectNode badges(Map<String, Map<String, Long>> counts) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        counts.forEach((node, byState) -> out.put(node, byState.entrySet().stream()
                .map(e -> t("journeys.count." + e.getKey(), e.getValue())).collect(Collectors.joining(" \u00b7 "))));
        return out;
    }

    static String status(Journey journey) {
        return t("journeys.status." + journey.status());
    }

    static String name(Journey journey) {
        return name(journey.names(), journey.key());
    }

    /** The name in the user's language, else in English, else the key. */
    static String name(Map<String, String> names, String key) {
        String mine = Languages.CHINESE.equals(Languages.current()) ? "zh-CN" : "en";
        String name = names.getOrDefault(mine, names.get("en"));
        return name == null || name.isBlank() ? key : name;
    }

    /** A violation as "where: what" in the user's language. */
    static String violation(FieldViolation v) {
        String what = "unknown".equals(v.code()) || "reference".equals(v.code()) || "unreachable".equals(v.code())
                ? v.message() : ViolationText.of(v, NO_LIMITS, Languages.current());
        return (v.pointer().isEmpty() ? "/" : v.pointer()) + ": " + what;
    }
}
