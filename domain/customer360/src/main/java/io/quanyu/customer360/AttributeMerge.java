package io.quanyu.customer360;

import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.FieldType;
import io.quanyu.records.MetadataService;
import io.quanyu.records.RecordService;
import org.bson.Document;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Resolves the attribute conflicts of a merge by the tenant's rule (most recent, first seen or source priority): a
 * field only the merged record has is always taken; a field both have with different values is taken when the rule
 * prefers the merged record. Unique values (phone, e-mail) are cleared on the merged record before the survivor takes
 * them. What changed is returned, so an unmerge can put every value back.
 */
final class AttributeMerge {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<FieldType> COMPUTED = Set.of(FieldType.FORMULA, FieldType.AUTO_NUMBER);
    private final MetadataService metadata;
    private final RecordService records;
    private final SettingsStore settings;

    AttributeMerge(MetadataService metadata, RecordService records, SettingsStore settings) {
        this.metadata = metadata;
        this.records = records;
        this.settings = settings;
    }

    Document merge(TenantDatabase db, ObjectNode survivor, ObjectNode merged, String actor) {
        boolean mergedWins = mergedWins(settings.get(db), survivor, merged);
        ObjectNode patch = JSON.createObjectNode();
        ObjectNode clear = JSON.createObjectNode();
        Document previous = new Document();
        for (FieldDef f : metadata.get(db, "customer").type().fields()) {
            JsonNode mine = survivor.get(f.apiName());
            JsonNode theirs = merged.get(f.apiName());
            if (COMPUTED.contains(f.type()) || absent(theirs) || (!absent(mine) && (mine.equals(theirs) || !mergedWins))) {
                continue;
            }
            patch.set(f.apiName(), theirs);
            previous.append(f.apiName(), absent(mine) ? null : Document.parse("{\"v\":" + mine + "}").get("v"));
            if (f.unique()) {
                clear.putNull(f.apiName());
            }
        }
        write(db, merged.path("_id").asString(), clear, actor);
        write(db, survivor.path("_id").asString(), patch, actor);
        return new Document("previous", previous).append("cleared", new ArrayList<>(names(clear)));
    }

    /** Puts back what {@link #merge} changed: the survivor's previous values, then the merged record's unique values. */
    void undo(TenantDatabase db, Document merge, String actor) {
        Document changes = merge.get("attributeChanges", new Document());
        ObjectNode back = (ObjectNode) JSON.readTree(changes.get("previous", new Document()).toJson());
        write(db, merge.getString("survivor"), back, actor);
        ObjectNode snapshot = (ObjectNode) JSON.readTree(merge.get("mergedRecord", Document.class).toJson());
        ObjectNode restore = JSON.createObjectNode();
        changes.getList("cleared", String.class, List.of()).forEach(f -> restore.set(f, snapshot.get(f)));
        write(db, merge.getString("merged"), restore, actor);
    }

    private void write(TenantDatabase db, String id, ObjectNode patch, String actor) {
        if (patch.isEmpty()) {
            return;
        }
        for (int attempt = 0; attempt < 5; attempt++) {
            ObjectNode current = records.get(db, "customer", id, true);
            ObjectNode versioned = patch.deepCopy();
            versioned.put("_version", current.path("_version").asLong());
            try {
                records.update(db, "customer", id, versioned, actor);
                return;
            } catch (io.quanyu.core.error.QuanyuException e) {
                if (e.code() != io.quanyu.core.error.ErrorCode.VERSION_CONFLICT) {
                    throw e;
                }
            }
        }
        throw new IllegalStateException("customer " + id + " kept changing during the merge");
    }

    private static boolean mergedWins(Customer360Settings settings, ObjectNode survivor, ObjectNode merged) {
        return switch (settings.conflictRule()) {
            case MOST_RECENT -> merged.path("_updatedAt").asString("").compareTo(survivor.path("_updatedAt").asString("")) > 0;
            case FIRST_SEEN -> merged.path("_createdAt").asString("").compareTo(survivor.path("_createdAt").asString("")) < 0;
            case SOURCE_PRIORITY -> rank(settings, merged) < rank(settings, survivor);
        };
    }

    private static int rank(Customer360Settings settings, ObjectNode record) {
        int i = settings.sourcePriority().indexOf(record.path("_createdBy").asString(""));
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    private static boolean absent(JsonNode v) {
        return v == null || v.isNull() || v.isMissingNode() || (v.isArray() && v.isEmpty());
    }

    private static List<String> names(ObjectNode node) {
        return new ArrayList<>(node.propertyNames());
    }
}
