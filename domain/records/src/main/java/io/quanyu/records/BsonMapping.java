package io.quanyu.records;

import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.FieldType;
import io.quanyu.objects.model.ObjectType;
import org.bson.Document;
import org.bson.types.Decimal128;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Converts record values between JSON and BSON by field type, so MongoDB compares and sorts them correctly:
 * decimals (and currency amounts) as Decimal128, integers as 64-bit longs, date-times as BSON dates; dates stay
 * ISO strings (they sort as text). Empty values are not stored at all (so sparse unique indexes work).
 */
public final class BsonMapping {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private BsonMapping() {
    }

    public static Object toBson(FieldDef field, JsonNode value) {
        return toBson(field.type(), field.resultType(), value);
    }

    static Object toBson(FieldType type, FieldType resultType, JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        return switch (type) {
            case INTEGER -> value.longValue();
            case DECIMAL -> new Decimal128(value.decimalValue());
            case DATETIME -> Date.from(OffsetDateTime.parse(value.stringValue()).toInstant());
            case CURRENCY -> new Document("amount", new Decimal128(value.path("amount").decimalValue()))
                    .append("currency", value.path("currency").stringValue());
            case FORMULA -> toBson(resultType == null ? FieldType.TEXT : resultType, null, value);
            case BOOLEAN -> value.booleanValue();
            case MULTI_SELECT, MULTI_REFERENCE -> strings(value);
            case JSON -> Document.parse("{\"v\":" + value + "}").get("v");
            default -> value.isString() ? value.stringValue() : value.toString();
        };
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.stringValue()));
        return out;
    }

    /** Writes the record's field values (not platform fields) into a BSON document. */
    public static Document fields(ObjectType type, ObjectNode record) {
        Document doc = new Document();
        for (FieldDef field : type.fields()) {
            Object value = toBson(field, record.get(field.apiName()));
            if (value != null) {
                doc.append(field.apiName(), value);
            }
        }
        return doc;
    }

    /** The record as JSON: platform fields first, then every field that has a value. */
    public static ObjectNode toJson(ObjectType type, Document doc) {
        ObjectNode out = F.objectNode();
        out.put("_id", doc.getString("_id"));
        out.put("_version", doc.get("_version", Number.class).longValue());
        putInstant(out, "_createdAt", doc.getDate("_createdAt"));
        out.put("_createdBy", doc.getString("_createdBy"));
        putInstant(out, "_updatedAt", doc.getDate("_updatedAt"));
        out.put("_updatedBy", doc.getString("_updatedBy"));
        if (doc.getDate("_deletedAt") != null) {
            putInstant(out, "_deletedAt", doc.getDate("_deletedAt"));
        }
        for (FieldDef field : type.fields()) {
            Object value = doc.get(field.apiName());
            if (value != null) {
                out.set(field.apiName(), toJson(value));
            }
        }
        return out;
    }

    private static void putInstant(ObjectNode out, String name, Date date) {
        if (date != null) {
            out.put(name, date.toInstant().toString());
        }
    }

    static JsonNode toJson(Object value) {
        return switch (value) {
            case null -> F.nullNode();
            case Decimal128 d -> F.numberNode(d.bigDecimalValue());
            case Date d -> F.stringNode(d.toInstant().toString());
            case Long l -> F.numberNode(l);
            case Integer i -> F.numberNode(i.longValue());
            case Double d -> F.numberNode(BigDecimal.valueOf(d));
            case Boolean b -> F.booleanNode(b);
            case String s -> F.stringNode(s);
            case Map<?, ?> m -> object(m);
            case List<?> l -> array(l);
            case Instant i -> F.stringNode(i.toString());
            default -> F.stringNode(String.valueOf(value));
        };
    }

    private static ObjectNode object(Map<?, ?> map) {
        ObjectNode node = F.objectNode();
        map.forEach((k, v) -> node.set(String.valueOf(k), toJson(v)));
        return node;
    }

    private static ArrayNode array(List<?> list) {
        ArrayNode node = F.arrayNode();
        list.forEach(v -> node.add(toJson(v)));
        return node;
    }
}
