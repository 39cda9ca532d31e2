package io.quanyu.records;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Updates;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.objects.model.ObjectType;
import org.bson.Document;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Drains the search outbox: records marked {@code _pending} by their last write are written to the search index in
 * bulk, then unmarked only if they did not change meanwhile (same {@code _version}); purged records are removed from
 * the index and then from MongoDB. One node at a time drains an object (a lease in MongoDB). When the search server
 * is down, nothing is unmarked and the next run catches up.
 */
public final class SearchIndexer {
    static final int BATCH = 500;
    private static final long LEASE_MILLIS = 30_000;

    private final MetadataService metadata;
    private final RecordSearch search;
    private final Clock clock;
    private final String node = UUID.randomUUID().toString();

    public SearchIndexer(MetadataService metadata, RecordSearch search, Clock clock) {
        this.metadata = metadata;
        this.search = search;
        this.clock = clock;
    }

    /** Drains every object of the tenant; returns how many records were written or removed. */
    public int drain(TenantDatabase db) {
        int total = 0;
        for (ObjectInfo info : metadata.list(db)) {
            if (info.migrating() == null && lease(db, info.type().apiName())) {
                total += drain(db, info.type());
            }
        }
        return total;
    }

    int drain(TenantDatabase db, ObjectType type) {
        MongoCollection<Document> records = metadata.records(db, type.apiName());
        if (records.find(Filters.eq(RecordService.PENDING, true)).first() == null) {
            return 0;
        }
        search.prepare(db.tenant(), type, sink -> records.find(Filters.and(Filters.exists(RecordService.DELETED_AT, false),
                Filters.exists(RecordService.PURGED_AT, false))).forEach(d -> sink.accept(BsonMapping.toJson(type, d))));
        int done = 0;
        List<Document> batch;
        do {
            batch = records.find(Filters.eq(RecordService.PENDING, true)).limit(BATCH).into(new ArrayList<>());
            if (!batch.isEmpty()) {
                done += write(records, type, db, batch);
            }
        } while (batch.size() == BATCH);
        return done;
    }

    private int write(MongoCollection<Document> records, ObjectType type, TenantDatabase db, List<Document> batch) {
        List<RecordSearch.Op> ops = new ArrayList<>();
        for (Document doc : batch) {
            boolean gone = doc.get(RecordService.DELETED_AT) != null || doc.get(RecordService.PURGED_AT) != null;
            long version = doc.get("_version", Number.class).longValue() + (doc.get(RecordService.PURGED_AT) != null ? 1 : 0);
            ops.add(new RecordSearch.Op(doc.getString("_id"), version, gone ? null : BsonMapping.toJson(type, doc)));
        }
        Set<String> written = search.apply(db.tenant(), type, ops);
        for (Document doc : batch) {
            if (!written.contains(doc.getString("_id"))) {
                continue;
            }
            if (doc.get(RecordService.PURGED_AT) != null) {
                records.deleteOne(Filters.and(Filters.eq("_id", doc.get("_id")), Filters.exists(RecordService.PURGED_AT)));
            } else {
                records.updateOne(Filters.and(Filters.eq("_id", doc.get("_id")), Filters.eq("_version", doc.get("_version"))),
                        Updates.unset(RecordService.PENDING));
            }
        }
        return written.size();
    }

    private boolean lease(TenantDatabase db, String object) {
        long now = clock.millis();
        var filter = Filters.and(Filters.eq("_id", "lease:index:" + object),
                Filters.or(Filters.lt("until", new Date(now)), Filters.eq("owner", node)));
        var update = Updates.combine(Updates.set("owner", node), Updates.set("until", new Date(now + LEASE_MILLIS)));
        try {
            db.collection(Usage.COUNTERS).findOneAndUpdate(filter, update, new FindOneAndUpdateOptions().upsert(true));
            return true;
        } catch (com.mongodb.MongoWriteException | com.mongodb.MongoCommandException e) {
            return false;
        }
    }

    /** Records still waiting for the index. */
    public long pending(TenantDatabase db, String object) {
        return metadata.records(db, object).countDocuments(Filters.eq(RecordService.PENDING, true));
    }
}
