package io.quanyu.objects.schema;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.path.PathType;
import io.quanyu.core.error.FieldViolation;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * JSON Schema (draft 2020-12) through networknt json-schema-validator, with format assertions on, errors located by
 * JSON pointer, and each error turned into a {@link FieldViolation} with a stable code.
 */
public final class JsonSchemas {
    /**
     * Draft 2020-12 plus the platform's annotation keywords ({@code x-secret} marks a plugin setting stored
     * encrypted; {@code x-title} and {@code x-description} give a setting's label and help in the builder's
     * languages), so they are known annotations rather than logged as unknown keywords.
     */
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            com.networknt.schema.dialect.Dialect.builder(com.networknt.schema.dialect.Dialects.getDraft202012())
                    .keyword(new com.networknt.schema.keyword.AnnotationKeyword("x-secret"))
                    .keyword(new com.networknt.schema.keyword.AnnotationKeyword("x-title"))
                    .keyword(new com.networknt.schema.keyword.AnnotationKeyword("x-description")).build(),
            b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder().pathType(PathType.JSON_POINTER)
                    .formatAssertionsEnabled(true).build()));
    private static final Map<String, String> CODES = Map.ofEntries(
            Map.entry("required", "required"), Map.entry("additionalProperties", "unknown"),
            Map.entry("type", "type"), Map.entry("maxLength", "length"), Map.entry("minLength", "length"),
            Map.entry("pattern", "pattern"), Map.entry("enum", "option"), Map.entry("const", "option"),
            Map.entry("minimum", "range"), Map.entry("maximum", "range"), Map.entry("exclusiveMinimum", "range"),
            Map.entry("exclusiveMaximum", "range"), Map.entry("format", "format"),
            Map.entry("uniqueItems", "duplicate"), Map.entry("maxItems", "size"), Map.entry("minItems", "size"),
            Map.entry("readOnly", "readOnly"));

    private JsonSchemas() {
    }

    public static Schema compile(JsonNode schema) {
        return REGISTRY.getSchema(schema.toString(), InputFormat.JSON);
    }

    /** Loads a schema shipped on the class path. */
    public static Schema resource(String path) {
        try (var in = JsonSchemas.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing schema resource " + path);
            }
            return REGISTRY.getSchema(in, InputFormat.JSON);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every violation of {@code instance} against {@code schema}, pointers prefixed with {@code base}. */
    public static List<FieldViolation> violations(Schema schema, JsonNode instance, String base) {
        List<FieldViolation> out = new ArrayList<>();
        for (Error error : schema.validate(instance, ctx -> ctx.executionConfig(c -> c.formatAssertionsEnabled(true)
                .readOnly(true)))) {
            out.add(toViolation(error, base));
        }
        return out;
    }

    private static FieldViolation toViolation(Error error, String base) {
        String pointer = base + error.getInstanceLocation().toString();
        String keyword = error.getKeyword();
        if (("required".equals(keyword) || "additionalProperties".equals(keyword) || "readOnly".equals(keyword))
                && error.getProperty() != null && !pointer.endsWith("/" + error.getProperty())) {
            pointer = pointer + "/" + error.getProperty();
        }
        String code = CODES.getOrDefault(keyword, "invalid");
        return new FieldViolation(pointer, code, message(code, error));
    }

    private static String message(String code, Error error) {
        return switch (code) {
            case "required" -> "is required";
            case "unknown" -> "is not a known field";
            case "readOnly" -> "is computed by the platform and cannot be written";
            default -> stripLocation(error.getMessage());
        };
    }

    /** networknt prefixes messages with the instance location; the pointer already says where. */
    private static String stripLocation(String message) {
        int colon = message.indexOf(": ");
        return colon >= 0 && message.startsWith("/") || message.startsWith(": ") ? message.substring(colon + 2) : message;
    }
}
