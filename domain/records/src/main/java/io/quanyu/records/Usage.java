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
        reserveRecords(db, quotas, 1);
    }

    /** Reserves room for {@code n} more records, all or nothing. */
    static void reserveRecords(TenantDatabase db, Quotas quotas, int n) {
        var exceeded = new QuanyuException(ErrorCode.QUOTA_EXCEEDED, Map.of("limit", quotas.maxRecords(), "resource", "records"));
        if (n > quotas.maxRecords()) {
            throw exceeded;
        }
        var filter = Filters.and(Filters.eq("_id", RECORDS), Filters.lte("count", quotas.maxRecords() - n));
        try {
            db.collection(COUNTERS).findOneAndUpdate(filter, Updates.inc("count", (long) n),
                    new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        } catch (MongoWriteException | MongoCommandException e) {
            // the upsert collided with the existing counter: there is not enough room
            throw exceeded;
        }
    }

    static void releaseRecord(TenantDatabase db) {
        releaseRecords(db, 1);
    }

    static void releaseRecords(TenantDatabase db, int n) {
        if (n > 0) {
            db.collection(COUNTERS).updateOne(Filters.eq("_id", RECORDS), Updates.inc("count", -(long) n));
        }
    }

    static long records(TenantDatabase db) {
        Document doc = db.collection(COUNTERS).find(Filters.eq("_id", RECORDS)).first();
        return doc == null ? 0 : doc.get("count", Number.class).longValue();
    }

    static long next(TenantDatabase db, String sequence) {
        return nextRange(db, sequence, 1);
    }

    /** Takes {@code n} consecutive numbers of a sequence; returns the first. */
    static long nextRange(TenantDatabase db, String sequence, int n) {
        long last = db.collection(COUNTERS).findOneAndUpdate(Filters.eq("_id", "seq:" + sequence),
                Updates.inc("value", (long) n), new FindOneAndUpdateOptions().upsert(true)
                        .returnDocument(ReturnDocument.AFTER)).get("value", Number.class).longValue();
        return last - n + 1;
    }
}
