package io.quanyu.records;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.FieldType;
import io.quanyu.objects.model.ObjectType;
import org.bson.Document;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Relations between records: every reference written must point at a live record of the target object, and
 * deleting a record applies each referring relation's rule (restrict refuses, set null clears, cascade deletes).
 * All restrictions are checked, through the whole cascade, before anything is changed.
 */
final class RecordRules {
    interface SoftDelete {
        ObjectNode apply(TenantDatabase db, ObjectType type, String id, long version, String actor);
    }

    private final MetadataService metadata;
    private final RecordEvents events;

    RecordRules(MetadataService metadata, RecordEvents events) {
        this.metadata = metadata;
        this.events = events;
    }

    void checkReferences(TenantDatabase db, ObjectType type, ObjectNode record) {
        List<FieldViolation> dangling = new ArrayList<>();
        for (FieldDef f : type.fields()) {
            if (f.type() != FieldType.REFERENCE && f.type() != FieldType.MULTI_REFERENCE) {
                continue;
            }
            List<String> ids = ids(record.get(f.apiName()));
            if (ids.isEmpty()) {
                continue;
            }
            Set<String> live = new HashSet<>();
            metadata.records(db, f.target()).find(Filters.and(Filters.in("_id", ids),
                    Filters.exists(RecordService.DELETED_AT, false), Filters.exists(RecordService.PURGED_AT, false)))
                    .projection(new Document("_id", 1)).forEach(d -> live.add(d.getString("_id")));
            for (int i = 0; i < ids.size(); i++) {
                if (!live.contains(ids.get(i))) {
                    String at = "/" + f.apiName() + (f.type() == FieldType.MULTI_REFERENCE ? "/" + i : "");
                    dangling.add(new FieldViolation(at, "reference", "no live " + f.target() + " record " + ids.get(i)));
                }
            }
        }
        if (!dangling.isEmpty()) {
            throw new QuanyuException(ErrorCode.RECORD_VALIDATION_FAILED, Map.of("object", type.apiName()), dangling, null);
        }
    }

    private static List<String> ids(JsonNode value) {
        List<String> ids = new ArrayList<>();
        if (value == null || value.isNull()) {
            return ids;
        }
        if (value.isArray()) {
            value.forEach(v -> ids.add(v.stringValue()));
        } else {
            ids.add(value.stringValue());
        }
        return ids;
    }

    /** A referring relation: object {@code owner}'s field {@code field} points at the deleted object. */
    private record Relation(ObjectType owner, FieldDef field) {
    }

    void applyDeleteRules(TenantDatabase db, ObjectType type, String id, String actor, SoftDelete softDelete) {
        List<Runnable> actions = new ArrayList<>();
        plan(db, type, id, actor, softDelete, actions, new HashSet<>());
        actions.forEach(Runnable::run);
    }

    private void plan(TenantDatabase db, ObjectType type, String id, String actor, SoftDelete softDelete,
                      List<Runnable> actions, Set<String> visited) {
        if (!visited.add(type.apiName() + "/" + id)) {
            return;
        }
        for (Relation relation : relationsTo(db, type.apiName())) {
            var collection = metadata.records(db, relation.owner().apiName());
            String field = relation.field().apiName();
            var referring = Filters.and(Filters.eq(field, id), Filters.exists(RecordService.DELETED_AT, false),
                    Filters.exists(RecordService.PURGED_AT, false));
            List<Document> refs = collection.find(referring).projection(new Document("_version", 1)).limit(10_001)
                    .into(new ArrayList<>());
            if (refs.isEmpty()) {
                continue;
            }
            switch (relation.field().deleteRule()) {
                case RESTRICT -> throw new QuanyuException(ErrorCode.RECORD_REFERENCED, Map.of("object", type.apiName(),
                        "id", id, "referrer", relation.owner().apiName() + "." + field, "count", refs.size()));
                case SET_NULL -> refs.forEach(ref -> actions.add(() -> clear(db, relation, ref.getString("_id"), id, actor)));
                case CASCADE -> refs.forEach(ref -> {
                    plan(db, relation.owner(), ref.getString("_id"), actor, softDelete, actions, visited);
                    actions.add(() -> softDelete.apply(db, relation.owner(), ref.getString("_id"),
                            ref.get("_version", Number.class).longValue(), actor));
                });
            }
        }
    }

    /**
     * Clears the reference to {@code id} from one referring record, with its {@code RecordChanged} event in the same
     * write (whatever version the record has reached meanwhile: the event names the field, not the version).
     */
    private void clear(TenantDatabase db, Relation relation, String referrer, String id, String actor) {
        String field = relation.field().apiName();
        String owner = relation.owner().apiName();
        var change = relation.field().type() == FieldType.MULTI_REFERENCE ? Updates.pull(field, id) : Updates.unset(field);
        var cleared = metadata.records(db, owner).updateOne(Filters.and(Filters.eq("_id", referrer), Filters.eq(field, id)),
                Updates.combine(change, Updates.inc("_version", 1L), Updates.set("_updatedBy", actor),
                        Updates.set("_updatedAt", new java.util.Date()),
                        events.changed(owner, referrer, null, List.of(field))));
        if (cleared.getModifiedCount() > 0) {
            events.written(db, owner, referrer);
        }
    }

    private List<Relation> relationsTo(TenantDatabase db, String target) {
        List<Relation> out = new ArrayList<>();
        for (ObjectInfo info : metadata.list(db)) {
            info.type().fields().stream().filter(f -> target.equals(f.target()))
                    .forEach(f -> out.add(new Relation(info.type(), f)));
        }
        return out;
    }

}
