package io.quanyu.journeys;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The journeys shipped as starting points: a draft each (valid as {@link Definition#parse} reads it) with its name and
 * what it does in zh-CN and en. Their sends name message templates and their segments keys the tenant creates, and a
 * plugin's step a plugin the tenant enables, as each description says; publishing refuses a draft that names what
 * does not exist.
 */
public final class JourneyTemplates {
    /** The shipped templates, in the order the builder offers them (the blank one first). */
    public static final List<String> KEYS = List.of("blank", "welcome-wechat", "abandoned-browse", "win-back",
            "birthday", "review-request", "birthday-coupon");
    private static final List<Template> ALL = KEYS.stream().map(JourneyTemplates::read).toList();

    private JourneyTemplates() {
    }

    /** A shipped journey: its key, names and descriptions by language, and the draft to start from. */
    public record Template(String key, Map<String, String> names, Map<String, String> descriptions, JsonNode draft) {
        /** The name in {@code language} ({@code zh-CN} or {@code en}), else in English. */
        public String name(String language) {
            return names.getOrDefault(language, names.get("en"));
        }

        public String description(String language) {
            return descriptions.getOrDefault(language, descriptions.get("en"));
        }
    }

    public static List<Template> all() {
        return ALL;
    }

    private static Template read(String key) {
        String path = "templates/" + key + ".json";
        try (InputStream in = JourneyTemplates.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("journey template " + path + " is missing");
            }
            JsonNode json = JourneyStore.JSON.readTree(in);
            return new Template(key, text(json.get("names")), text(json.get("descriptions")), json.get("draft"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> text(JsonNode json) {
        return Map.of("en", json.path("en").asString(), "zh-CN", json.path("zh-CN").asString());
    }
}
