package io.quanyu.customer360;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.networknt.schema.Schema;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.objects.schema.JsonSchemas;
import org.bson.Document;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Event types are metadata ({@code c360_event_types}): a JSON Schema of the properties and a strictness switch.
 * A strict type refuses events whose properties break the schema; a lenient one stores them and reports the
 * problems as warnings. Types nobody declared are accepted as they come.
 */
public final class EventTypes {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One declared type, with its compiled schema. */
    public record Definition(String type, JsonNode schema, boolean strict, Schema compiled) {
    }

    public Map<String, Definition> all(TenantDatabase db) {
        Map<String, Definition> out = new LinkedHashMap<>();
        for (Document d : db.collection("c360_event_types").find()) {
            JsonNode schema = JSON.readTree(d.get("schema", Document.class).toJson());
            out.put(d.getString("_id"), new Definition(d.getString("_id"), schema, d.getBoolean("strict", false),
                    JsonSchemas.compile(schema)));
        }
        return out;
    }

    /** Declares or changes a type; the schema must compile and describe an object. */
    public Definition put(TenantDatabase db, String type, JsonNode schema, boolean strict) {
        if (type == null || !type.matches("[a-z][a-z0-9_.]{0,63}")) {
            throw QuanyuException.invalid(List.of(new FieldViolation("/type", "pattern",
                    "must be 1 to 64 lower-case letters, digits, '_' or '.', starting with a letter")));
        }
        if (schema == null || !schema.isObject() || !"object".equals(schema.path("type").asString(""))) {
            throw QuanyuException.invalid(List.of(new FieldViolation("/schema", "type", "must be a JSON Schema of an object")));
        }
        Schema compiled;
        try {
            compiled = JsonSchemas.compile(schema);
        } catch (RuntimeException e) {
            throw QuanyuException.invalid(List.of(new FieldViolation("/schema", "invalid", "is not a valid JSON Schema")));
        }
        db.collection("c360_event_types").replaceOne(Filters.eq("_id", type), new Document("_id", type)
                .append("schema", Document.parse(schema.toString())).append("strict", strict), new ReplaceOptions().upsert(true));
        return new Definition(type, schema, strict, compiled);
    }

    /** The problems of an event's properties against its type (none for undeclared types). */
    static List<FieldViolation> check(Map<String, Definition> types, String type, JsonNode properties, String base) {
        Definition d = types.get(type);
        return d == null ? List.of() : JsonSchemas.violations(d.compiled(), properties, base);
    }

    static boolean strict(Map<String, Definition> types, String type) {
        Definition d = types.get(type);
        return d != null && d.strict();
    }

    static QuanyuException invalid(String eventId, List<FieldViolation> violations) {
        return new QuanyuException(ErrorCode.EVENT_INVALID, Map.of("eventId", eventId), violations, null);
    }
}
