package io.quanyu.records;

import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.FieldType;
import io.quanyu.objects.schema.JsonSchemas;
import io.quanyu.objects.schema.RecordSchemaGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.Set;

import static io.quanyu.objects.model.FieldType.*;

/**
 * Converts a stored value from one field type to another for a type-change migration. A value converts when it
 * parses as the new type and then satisfies the new field's constraints; otherwise the migration lists it.
 */
final class Conversions {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Set<FieldType> TEXTUAL = Set.of(TEXT, LONG_TEXT, EMAIL, PHONE, URL, SINGLE_SELECT);
    private static final Set<FieldType> TARGETS = Set.of(TEXT, LONG_TEXT, INTEGER, DECIMAL, BOOLEAN, DATE, DATETIME,
            SINGLE_SELECT, EMAIL, PHONE, URL);

    private Conversions() {
    }

    static boolean supported(FieldType from, FieldType to) {
        return from.scalar() && from != FORMULA && TARGETS.contains(to);
    }

    /** The value in the new type, or empty when it does not convert. */
    static Optional<JsonNode> convert(JsonNode value, FieldDef to) {
        try {
            JsonNode converted = raw(value, to.type());
            var schema = JsonSchemas.compile(RecordSchemaGenerator.standalone(to));
            return JsonSchemas.violations(schema, converted, "").isEmpty() ? Optional.of(converted) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static JsonNode raw(JsonNode value, FieldType to) {
        String text = value.isString() ? value.stringValue().trim() : value.asString();
        return switch (to) {
            case INTEGER -> F.numberNode(new BigDecimal(text).longValueExact());
            case DECIMAL -> F.numberNode(new BigDecimal(text));
            case BOOLEAN -> F.booleanNode(parseBoolean(text));
            case DATE -> F.stringNode(LocalDate.parse(text).toString());
            case DATETIME -> F.stringNode(OffsetDateTime.parse(text).toString());
            default -> F.stringNode(TEXTUAL.contains(to) && value.isString() ? value.stringValue() : text);
        };
    }

    private static boolean parseBoolean(String text) {
        return switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1", "是" -> true;
            case "false", "no", "0", "否" -> false;
            default -> throw new IllegalArgumentException("not a boolean: " + text);
        };
    }
}
