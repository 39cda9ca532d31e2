package io.quanyu.records;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.objects.model.FieldDef;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One bulk upsert call: each record is validated and written on its own and gets its own result. */
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
        List<BulkResult> results = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            results.add(one(i, batch.get(i)));
        }
        return results;
    }

    private BulkResult one(int index, JsonNode record) {
        boolean[] created = {false};
        try {
            var written = records.upsertOne(db, info, key, record, actor, quotas, created);
            return new BulkResult(index, written.path("_id").stringValue(), created[0] ? "created" : "updated", null, List.of());
        } catch (QuanyuException e) {
            return new BulkResult(index, null, "failed", e.code().name(), e.violations());
        }
    }
}
