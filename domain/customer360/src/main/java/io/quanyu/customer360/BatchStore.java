package io.quanyu.customer360;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.quanyu.mongodb.TenantDatabase;
import org.bson.Document;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * The outbox of the aggregates, one small document per ingested batch in {@code c360_batches}: written (open) before
 * the batch's events, closed after their aggregates are saved. One write each instead of marking every event; a
 * batch left open by a crash is applied again by the sweep (events are counted once, so that is safe).
 */
final class BatchStore {
    static final String COLLECTION = "c360_batches";

    String open(TenantDatabase db, List<String> eventIds) {
        String id = "b" + UUID.randomUUID().toString().replace("-", "");
        db.collection(COLLECTION).insertOne(new Document("_id", id).append("events", eventIds)
                .append("openedAt", new Date()).append("applied", false));
        return id;
    }

    void close(TenantDatabase db, String batchId) {
        db.collection(COLLECTION).updateOne(Filters.eq("_id", batchId), Updates.set("applied", true));
    }

    /** Batches opened before {@code before} and never closed, oldest first. */
    List<Document> open(TenantDatabase db, Instant before, int limit) {
        return db.collection(COLLECTION).find(Filters.and(Filters.eq("applied", false), Filters.lt("openedAt", Date.from(before))))
                .sort(Sorts.ascending("openedAt")).limit(limit).into(new java.util.ArrayList<>());
    }
}
