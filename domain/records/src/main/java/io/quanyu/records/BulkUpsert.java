package io.quanyu.records;

import com.mongodb.client.model.Filters;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.objects.model.FieldDef;
import org.bson.Document;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One bulk upsert call: existing records are found with one query on the key, new records are validated one by one
 * and inserted in one unordered write (so one bad record does not stop the others), existing ones are updated with
 * their version check. Every record gets its own result, in input order.
 */
final class BulkUpsert {
    static final int MAX = 1_000;

    private final RecordService records;
    private final ObjectInfo info;
    private final TenantDatabase db;
    private final String key;
    private final String actor;
    private final Quotas quotas;

    BulkUpsert(RecordService records, MetadataService metadata, TenantDatabase db, String object, String key,
               String actor, Quotas quotas) {
        this.records = records;
        this.info = metadata.get(db, object);
        this.db = db;
        this.key = key == null ? "_id" : key;
        this.actor = actor;
        this.quotas = quotas;
        checkKey();
    }

    private void checkKey() {
        if ("_id".equals(key)) {
            return;
        }
        boolean unique = info.type().field(key).map(FieldDef::unique).orElse(false);
        if (!unique) {
            throw QueryTranslator.invalid("/key", "unknownField", "the key must be _id or a unique field");
        }
    }

    List<BulkResult> run(JsonNode batch) {
        if (batch == null || !batch.isArray() || batch.size() > MAX) {
            throw new QuanyuException(ErrorCode.REQUEST_VALIDATION_FAILED, Map.of(), List.of(
                    new FieldViolation("/records", "size", "must be an array of at most " + MAX + " records")), null);
        }
        BulkResult[] results = new BulkResult[batch.size()];
        Map<Object, Document> existing = existing(batch);
        List<Integer> newIndexes = new ArrayList<>();
        List<Document> newDocs = new ArrayList<>();
        List<String> newIds = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            JsonNode record = batch.get(i);
            Object keyValue = keyValue(record);
            Document current = keyValue == null ? null : existing.get(keyValue);
            try {
                if (current != null) {
                    results[i] = update(i, current, record);
                } else {
                    newDocs.add(records.prepareNew(db, info.type(), body(record)));
                    newIds.add("_id".equals(key) && keyValue != null ? (String) keyValue : UUID.randomUUID().toString().replace("-", ""));
                    newIndexes.add(i);
                }
            } catch (QuanyuException e) {
                results[i] = failed(i, e);
            }
        }
        insert(newIndexes, newDocs, newIds, results);
        return List.of(results);
    }

    private void insert(List<Integer> indexes, List<Document> docs, List<String> ids, BulkResult[] results) {
        if (docs.isEmpty()) {
            return;
        }
        try {
            List<QuanyuException> errors = records.insertAll(db, info, docs, ids, actor, quotas);
            for (int j = 0; j < indexes.size(); j++) {
                int i = indexes.get(j);
                results[i] = errors.get(j) == null ? new BulkResult(i, ids.get(j), "created", null, List.of())
                        : failed(i, errors.get(j));
            }
        } catch (QuanyuException e) {
            indexes.forEach(i -> results[i] = failed(i, e));
        }
    }

    private BulkResult update(int index, Document current, JsonNode record) {
        ObjectNode written = records.updateExisting(db, info, current, body(record), actor);
        return new BulkResult(index, written.path("_id").stringValue(), "updated", null, List.of());
    }

    private Map<Object, Document> existing(JsonNode batch) {
        List<Object> keys = new ArrayList<>();
        for (JsonNode record : batch) {
            Object value = keyValue(record);
            if (value != null) {
                keys.add(value);
            }
        }
        Map<Object, Document> found = new HashMap<>();
        if (!keys.isEmpty()) {
            records.collection(db, info.type()).find(Filters.and(Filters.in(key, keys),
                    Filters.exists(RecordService.PURGED_AT, false))).forEach(d -> found.put(d.get(key), d));
        }
        return found;
    }

    private Object keyValue(JsonNode record) {
        JsonNode value = record == null ? null : record.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            return QueryTranslator.convert(key, info.type().field(key).orElse(null), value, "/" + key);
        } catch (QuanyuException e) {
            return null;
        }
    }

    private JsonNode body(JsonNode record) {
        if (record == null || !record.isObject()) {
            return record;
        }
        ObjectNode body = ((ObjectNode) record).deepCopy();
        body.remove("_version");
        if ("_id".equals(key)) {
            body.remove("_id");
        }
        return body;
    }

    private static BulkResult failed(int index, QuanyuException e) {
        return new BulkResult(index, null, "failed", e.code().name(), e.violations());
    }
}
