package io.quanyu.plugin.testkit;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The smallest input a JSON Schema accepts (required properties only), to call operations in contract checks. */
final class SampleInputs {
    private SampleInputs() {
    }

    static Map<String, Object> minimal(JsonNode schema) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (JsonNode name : schema.path("required")) {
            out.put(name.asString(), value(schema.path("properties").path(name.asString())));
        }
        return out;
    }

    private static Object value(JsonNode schema) {
        if (schema.has("const")) {
            return plain(schema.get("const"));
        }
        if (schema.path("enum").isArray() && !schema.path("enum").isEmpty()) {
            return plain(schema.path("enum").get(0));
        }
        return switch (schema.path("type").asString("string")) {
            case "integer" -> Math.max(0L, schema.path("minimum").asLong(0));
            case "number" -> Math.max(0.0, schema.path("minimum").asDouble(0));
            case "boolean" -> false;
            case "object" -> minimal(schema);
            case "array" -> new ArrayList<>(List.of());
            default -> "x".repeat(Math.max(1, schema.path("minLength").asInt(1)));
        };
    }

    private static Object plain(JsonNode node) {
        if (node.isString()) {
            return node.asString();
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return node.toString();
    }
}
