package io.quanyu.records;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.mongodb.TenantDatabase;
import org.bson.Document;

import java.util.Map;

/**
 * Per-tenant counters in {@code meta_counters}: the record count against the quota (reserved atomically before an
 * insert, so the quota is never exceeded, and released on failure or purge) and auto-number sequences.
 */
final class Usage {
    static final String COUNTERS = "meta_counters";
    private static final String RECORDS = "records";

    private Usage() {
    }

    static void reserveRecord(TenantDatabase db, Quotas quotas) {
        var filter = Filters.and(Filters.eq("_id", RECORDS), Filters.lt("count", quotas.maxRecords()));
        try {
            db.collection(COUNTERS).findOneAndUpdate(filter, Updates.inc("count", 1L),
                    new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        } catch (MongoWriteException | MongoCommandException e) {
            // the upsert collided with the existing counter: it is at the limit
            throw new QuanyuException(ErrorCode.QUOTA_EXCEEDED, Map.of("limit", quotas.maxRecords(), "resource", "records"));
        }
    }

    static void releaseRecord(TenantDatabase db) {
        db.collection(COUNTERS).updateOne(Filters.eq("_id", RECORDS), Updates.inc("count", -1L));
    }

    static long records(TenantDatabase db) {
        Document doc = db.collection(COUNTERS).find(Filters.eq("_id", RECORDS)).first();
        return doc == null ? 0 : doc.get("count", Number.class).longValue();
    }

    static long next(TenantDatabase db, String sequence) {
        return db.collection(COUNTERS).findOneAndUpdate(Filters.eq("_id", "seq:" + sequence), Updates.inc("value", 1L),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER))
                .get("value", Number.class).longValue();
    }
}
