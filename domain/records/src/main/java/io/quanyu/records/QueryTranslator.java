package io.quanyu.records;

import com.mongodb.client.model.Filters;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.FieldType;
import io.quanyu.objects.model.ObjectType;
import org.bson.Document;
import org.bson.conversions.Bson;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Translates a filter tree into a MongoDB query. Field names are checked against the metadata (so no operator or
 * dotted path can reach MongoDB) and values are converted by field type exactly as they are stored.
 */
final class QueryTranslator {
    static final int MAX_DEPTH = 8;
    static final int MAX_CONDITIONS = 100;
    private static final Set<String> OPS = Set.of("eq", "ne", "in", "gt", "gte", "lt", "lte", "exists", "contains",
            "startsWith");

    private final ObjectType type;
    private int conditions;

    private QueryTranslator(ObjectType type) {
        this.type = type;
    }

    static Bson translate(ObjectType type, JsonNode filter) {
        if (filter == null || filter.isNull() || (filter.isObject() && filter.isEmpty())) {
            return new Document();
        }
        return new QueryTranslator(type).node(filter, "/filter", 0);
    }

    private Bson node(JsonNode node, String at, int depth) {
        if (depth > MAX_DEPTH || ++conditions > MAX_CONDITIONS) {
            throw invalid(at, "size", "filters nest at most " + MAX_DEPTH + " levels and " + MAX_CONDITIONS + " conditions");
        }
        if (!node.isObject()) {
            throw invalid(at, "type", "must be an object");
        }
        if (node.has("and") || node.has("or")) {
            String op = node.has("and") ? "and" : "or";
            JsonNode parts = node.get(op);
            if (!parts.isArray() || parts.isEmpty() || node.size() != 1) {
                throw invalid(at + "/" + op, "type", "must be the only key, with a non-empty array");
            }
            List<Bson> children = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                children.add(node(parts.get(i), at + "/" + op + "/" + i, depth + 1));
            }
            return "and".equals(op) ? Filters.and(children) : Filters.or(children);
        }
        return condition(node, at);
    }

    private Bson condition(JsonNode node, String at) {
        String name = node.path("field").isString() ? node.path("field").stringValue() : null;
        String op = node.path("op").isString() ? node.path("op").stringValue() : null;
        if (name == null || op == null || !OPS.contains(op)) {
            throw invalid(at, "condition", "needs field, op (" + String.join(", ", OPS) + ") and value");
        }
        JsonNode value = node.get("value");
        if ("exists".equals(op)) {
            checkField(name, at);
            boolean wanted = value == null || value.asBoolean(true);
            return wanted ? Filters.and(Filters.exists(name), Filters.ne(name, null)) : Filters.eq(name, null);
        }
        if (value == null) {
            throw invalid(at + "/value", "required", "is required for " + op);
        }
        return compare(name, op, value, at);
    }

    private Bson compare(String name, String op, JsonNode value, String at) {
        FieldDef field = checkField(name, at);
        return switch (op) {
            case "eq" -> Filters.eq(name, convert(name, field, value, at));
            case "ne" -> Filters.ne(name, convert(name, field, value, at));
            case "gt" -> Filters.gt(name, convert(name, field, value, at));
            case "gte" -> Filters.gte(name, convert(name, field, value, at));
            case "lt" -> Filters.lt(name, convert(name, field, value, at));
            case "lte" -> Filters.lte(name, convert(name, field, value, at));
            case "in" -> Filters.in(name, list(name, field, value, at));
            case "contains" -> contains(field, name, value, at);
            default -> Filters.regex(name, "^" + Pattern.quote(text(value, at)));
        };
    }

    private Bson contains(FieldDef field, String name, JsonNode value, String at) {
        if (field != null && (field.type() == FieldType.MULTI_SELECT || field.type() == FieldType.MULTI_REFERENCE)) {
            return Filters.eq(name, text(value, at));
        }
        return Filters.regex(name, Pattern.quote(text(value, at)), "i");
    }

    private List<Object> list(String name, FieldDef field, JsonNode value, String at) {
        if (!value.isArray() || value.size() > 1000) {
            throw invalid(at + "/value", "type", "in needs an array of at most 1000 values");
        }
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            out.add(convert(name, field, value.get(i), at + "/value/" + i));
        }
        return out;
    }

    /** The field (null for the platform fields _id, _createdAt, _updatedAt), or an error for unknown names. */
    private FieldDef checkField(String name, String at) {
        if (Set.of("_id", "_createdAt", "_updatedAt", "_createdBy", "_updatedBy").contains(name)) {
            return null;
        }
        return type.field(name).orElseThrow(() -> invalid(at + "/field", "unknownField", "no field named " + name));
    }

    /** Platform fields that hold date-times (the others hold strings). */
    private static final Set<String> PLATFORM_TIMES = Set.of("_createdAt", "_updatedAt");

    /** A value of platform field {@code name} as stored. */
    static Object convertPlatform(String name, JsonNode value, String at) {
        try {
            if (value.isNull()) {
                return null;
            }
            return PLATFORM_TIMES.contains(name)
                    ? java.util.Date.from(java.time.OffsetDateTime.parse(value.stringValue()).toInstant())
                    : value.stringValue();
        } catch (RuntimeException e) {
            throw invalid(at + "/value", "type", "does not fit the field's type");
        }
    }

    /** A value of {@code field} as stored; {@code field} is null for platform fields (see {@link #convertPlatform}). */
    static Object convert(String name, FieldDef field, JsonNode value, String at) {
        return field == null ? convertPlatform(name, value, at) : convert(field, value, at);
    }

    static Object convert(FieldDef field, JsonNode value, String at) {
        try {
            if (value.isNull()) {
                return null;
            }
            FieldType t = field.type();
            boolean single = t == FieldType.MULTI_SELECT || t == FieldType.MULTI_REFERENCE;
            return single ? value.stringValue() : BsonMapping.toBson(field, value);
        } catch (RuntimeException e) {
            throw invalid(at + "/value", "type", "does not fit the field's type");
        }
    }

    private static String text(JsonNode value, String at) {
        if (!value.isString() || value.stringValue().isEmpty() || value.stringValue().length() > 200) {
            throw invalid(at + "/value", "type", "must be a string of 1 to 200 characters");
        }
        return value.stringValue();
    }

    static QuanyuException invalid(String pointer, String code, String message) {
        return new QuanyuException(ErrorCode.QUERY_INVALID, Map.of(), List.of(new FieldViolation(pointer, code, message)), null);
    }
}
