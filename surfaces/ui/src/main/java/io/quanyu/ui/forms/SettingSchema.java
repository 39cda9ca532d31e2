package io.quanyu.ui.forms;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A plugin's settings schema read for the form: each property in the schema's order with its type, whether it is
 * required or secret ({@code "x-secret": true}), its label ({@code x-title} in the user's language, else {@code title},
 * else the name) and its helper text ({@code x-description} or {@code description}, then its bounds and format).
 * {@code x-title} and {@code x-description} are objects with {@code en} and optionally {@code zh-CN}.
 */
record SettingSchema(List<Property> properties) {

    /** The builder's translations, as {@code UI.getTranslation}. */
    @FunctionalInterface
    interface Texts {
        String text(String key, Object... params);
    }

    record Property(String name, JsonNode schema, String type, boolean required, boolean secret, String title,
                    String description) {

        /** A kebab-case id for the element ({@code apiKey} is {@code api-key}). */
        String id() {
            return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").replaceAll("[^A-Za-z0-9-]", "-")
                    .toLowerCase(java.util.Locale.ROOT);
        }

        /** The description followed by the rules the value must follow. */
        String helperText(Texts texts) {
            List<String> parts = new ArrayList<>();
            if (!description.isBlank()) {
                parts.add(description);
            }
            bounds(texts, parts);
            if (schema.path("maxLength").isNumber()) {
                parts.add(texts.text("plugins.hint.maxLength", schema.path("maxLength").asInt()));
            }
            if (schema.path("pattern").isString()) {
                parts.add(texts.text("plugins.hint.pattern", schema.path("pattern").asString()));
            }
            if (schema.path("format").isString()) {
                parts.add(texts.text("plugins.hint.format", schema.path("format").asString()));
            }
            if (secret) {
                parts.add(texts.text("plugins.hint.secret"));
            }
            return String.join(" · ", parts);
        }

        private void bounds(Texts texts, List<String> parts) {
            JsonNode min = schema.path("minimum");
            JsonNode max = schema.path("maximum");
            if (min.isNumber() && max.isNumber()) {
                parts.add(texts.text("plugins.hint.range", min.asString(), max.asString()));
            } else if (min.isNumber()) {
                parts.add(texts.text("plugins.hint.min", min.asString()));
            } else if (max.isNumber()) {
                parts.add(texts.text("plugins.hint.max", max.asString()));
            }
        }
    }

    static SettingSchema of(JsonNode schema, String languageTag) {
        Set<String> required = new HashSet<>();
        schema.path("required").forEach(r -> required.add(r.asString()));
        List<Property> properties = new ArrayList<>();
        for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
            JsonNode s = p.getValue();
            properties.add(new Property(p.getKey(), s, type(s), required.contains(p.getKey()),
                    s.path("x-secret").asBoolean(false), text(s, "title", languageTag, p.getKey()),
                    text(s, "description", languageTag, "")));
        }
        return new SettingSchema(List.copyOf(properties));
    }

    /** The schema's type; of a type list the first that is not {@code null}; {@code ""} when none is given. */
    static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!"null".equals(t.asString())) {
                    return t.asString();
                }
            }
        }
        return type.isString() ? type.asString() : "";
    }

    /** {@code x-<keyword>} in the language (zh-CN falls back to en), else {@code <keyword>}, else the fallback. */
    private static String text(JsonNode schema, String keyword, String languageTag, String fallback) {
        JsonNode localized = schema.path("x-" + keyword);
        if (languageTag.startsWith("zh") && localized.path("zh-CN").isString()) {
            return localized.path("zh-CN").asString();
        }
        if (localized.path("en").isString()) {
            return localized.path("en").asString();
        }
        return schema.path(keyword).isString() ? schema.path(keyword).asString() : fallback;
    }
}
