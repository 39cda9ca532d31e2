package io.quanyu.objects.schema;

import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.FieldType;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.objects.model.SelectOption;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generates the JSON Schema (draft 2020-12) of an object type's records. Computed fields (formula, auto-number) and
 * the platform's own fields ({@code _id}, {@code _version}, ...) are {@code readOnly}, so the same schema documents
 * records and refuses writes to those fields. Unknown fields are refused ({@code additionalProperties: false}).
 */
public final class RecordSchemaGenerator {
    static final String RECORD_ID_PATTERN = "^[A-Za-z0-9_-]{1,64}$";
    /** The largest integer a field holds (and a JavaScript number keeps exactly); the smallest is its negative. */
    static final long MAX_INTEGER = 9_007_199_254_740_991L;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final int DEFAULT_TEXT_LENGTH = 255;
    private static final int DEFAULT_LONG_TEXT_LENGTH = 100_000;
    private static final int MAX_REFERENCES = 1_000;

    private RecordSchemaGenerator() {
    }

    public static ObjectNode generate(ObjectType type) {
        ObjectNode schema = F.objectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("$id", "urn:quanyu:object:" + type.apiName());
        schema.put("title", type.label().en());
        schema.put("type", "object");
        schema.put("additionalProperties", false);
        ObjectNode properties = schema.putObject("properties");
        systemFields(properties);
        ArrayNode required = F.arrayNode();
        for (FieldDef field : type.fields()) {
            properties.set(field.apiName(), property(field));
            if (field.required() && !field.type().computed()) {
                required.add(field.apiName());
            }
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        return schema;
    }

    private static void systemFields(ObjectNode properties) {
        properties.set("_id", readOnly(F.objectNode().put("type", "string").put("pattern", RECORD_ID_PATTERN)));
        properties.set("_version", readOnly(F.objectNode().put("type", "integer").put("minimum", 1)));
        for (String at : new String[]{"_createdAt", "_updatedAt"}) {
            properties.set(at, readOnly(F.objectNode().put("type", "string").put("format", "date-time")));
        }
        for (String by : new String[]{"_createdBy", "_updatedBy"}) {
            properties.set(by, readOnly(F.objectNode().put("type", "string")));
        }
    }

    private static ObjectNode readOnly(ObjectNode node) {
        return node.put("readOnly", true);
    }

    /** The schema of one field's value; {@code null} is allowed for optional fields (it clears them). */
    public static ObjectNode property(FieldDef field) {
        ObjectNode node = valueSchema(field);
        if (field.label() != null) {
            node.put("title", field.label().en());
        }
        if (field.type().computed()) {
            return readOnly(node);
        }
        return field.required() ? node : nullable(node);
    }

    /** Lets an optional field be null (which clears it) without wrapping it in anyOf, so errors stay precise. */
    private static ObjectNode nullable(ObjectNode node) {
        if (node.has("type")) {
            node.set("type", F.arrayNode().add(node.get("type").stringValue()).add("null"));
        }
        if (node.has("enum")) {
            ((ArrayNode) node.get("enum")).addNull();
        }
        return node;
    }

    private static ObjectNode valueSchema(FieldDef field) {
        return switch (field.type()) {
            case TEXT -> text(field, DEFAULT_TEXT_LENGTH);
            case LONG_TEXT -> text(field, DEFAULT_LONG_TEXT_LENGTH);
            case INTEGER -> number(field, "integer");
            case DECIMAL -> number(field, "number");
            case BOOLEAN -> F.objectNode().put("type", "boolean");
            case DATE -> F.objectNode().put("type", "string").put("format", "date");
            case DATETIME -> F.objectNode().put("type", "string").put("format", "date-time");
            case SINGLE_SELECT -> options(field);
            case MULTI_SELECT -> F.objectNode().put("type", "array").put("uniqueItems", true).set("items", options(field));
            case EMAIL -> F.objectNode().put("type", "string").put("format", "email").put("maxLength", 254);
            case PHONE -> F.objectNode().put("type", "string").put("pattern", "^\\+?[0-9 ()-]{3,32}$");
            case URL -> F.objectNode().put("type", "string").put("format", "uri").put("pattern", "^https?://")
                    .put("maxLength", 2048);
            case CURRENCY -> currency(field);
            case JSON -> F.objectNode();
            case REFERENCE -> reference();
            case MULTI_REFERENCE -> F.objectNode().put("type", "array").put("uniqueItems", true)
                    .put("maxItems", MAX_REFERENCES).set("items", reference());
            case FORMULA -> F.objectNode().put("type", formulaType(field.resultType()));
            case AUTO_NUMBER -> F.objectNode().put("type", "string");
        };
    }

    private static ObjectNode text(FieldDef field, int defaultMax) {
        ObjectNode node = F.objectNode().put("type", "string")
                .put("maxLength", field.maxLength() == null ? defaultMax : field.maxLength());
        if (field.minLength() != null) {
            node.put("minLength", field.minLength());
        }
        if (field.pattern() != null) {
            node.put("pattern", field.pattern());
        }
        return node;
    }

    private static ObjectNode number(FieldDef field, String type) {
        ObjectNode node = F.objectNode().put("type", type);
        if (field.min() != null) {
            node.put("minimum", field.min());
        }
        if (field.max() != null) {
            node.put("maximum", field.max());
        }
        if ("integer".equals(type)) {
            node.putIfAbsent("minimum", F.numberNode(-MAX_INTEGER));
            node.putIfAbsent("maximum", F.numberNode(MAX_INTEGER));
        }
        return node;
    }

    private static ObjectNode options(FieldDef field) {
        ArrayNode values = F.arrayNode();
        field.options().stream().map(SelectOption::value).forEach(values::add);
        return F.objectNode().put("type", "string").set("enum", values);
    }

    private static ObjectNode currency(FieldDef field) {
        ObjectNode node = F.objectNode().put("type", "object").put("additionalProperties", false);
        node.set("required", F.arrayNode().add("amount").add("currency"));
        ObjectNode properties = node.putObject("properties");
        properties.set("amount", number(field, "number"));
        properties.set("currency", F.objectNode().put("type", "string").put("pattern", "^[A-Z]{3}$"));
        return node;
    }

    private static ObjectNode reference() {
        return F.objectNode().put("type", "string").put("pattern", RECORD_ID_PATTERN);
    }

    private static String formulaType(FieldType resultType) {
        if (resultType == null) {
            return "string";
        }
        return switch (resultType) {
            case INTEGER -> "integer";
            case DECIMAL -> "number";
            case BOOLEAN -> "boolean";
            default -> "string";
        };
    }

    /** The schema of one field's value, as a standalone schema (used to check a field's default). */
    public static JsonNode standalone(FieldDef field) {
        ObjectNode node = valueSchema(field);
        node.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        return node;
    }
}
