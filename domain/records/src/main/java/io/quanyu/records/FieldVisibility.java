package io.quanyu.records;

import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.ObjectType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Collection;
import java.util.List;

/**
 * Field read restrictions ({@code readRoles} in the metadata) for answers that are not GraphQL: hidden fields are
 * removed from records, and filtering or sorting by them is refused as if they did not exist.
 */
public final class FieldVisibility {

    private FieldVisibility() {
    }

    public static ObjectNode strip(ObjectType type, ObjectNode record, Collection<String> roles) {
        for (FieldDef f : type.fields()) {
            if (!f.readableBy(roles)) {
                record.remove(f.apiName());
            }
        }
        return record;
    }

    public static void checkQuery(ObjectType type, JsonNode filter, List<RecordQuery.Sort> sort, Collection<String> roles) {
        checkFilter(type, filter, roles, "/filter");
        for (RecordQuery.Sort s : sort) {
            if (hidden(type, s.field(), roles)) {
                throw QueryTranslator.invalid("/sort", "unknownField", "cannot sort by " + s.field());
            }
        }
    }

    private static void checkFilter(ObjectType type, JsonNode node, Collection<String> roles, String at) {
        if (node == null || !node.isContainer()) {
            return;
        }
        if (node.isObject() && node.path("field").isString() && hidden(type, node.path("field").stringValue(), roles)) {
            throw QueryTranslator.invalid(at + "/field", "unknownField", "no field named " + node.path("field").stringValue());
        }
        for (var entry : node.properties()) {
            checkFilter(type, entry.getValue(), roles, at + "/" + entry.getKey());
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkFilter(type, node.get(i), roles, at + "/" + i);
            }
        }
    }

    private static boolean hidden(ObjectType type, String field, Collection<String> roles) {
        return type.field(field).map(f -> !f.readableBy(roles)).orElse(false);
    }
}
