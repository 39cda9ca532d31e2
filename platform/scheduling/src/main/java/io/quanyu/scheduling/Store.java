package io.quanyu.scheduling;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

import static com.mongodb.client.model.Filters.eq;

/**
 * The scheduler's collections in the platform database and the layout every node shares. Every read and write is by
 * {@code _id} (the embedded store has no secondary indexes; any other filter scans the whole collection):
 * <ul>
 *   <li>{@code sched_state}: one document: the bucket length, the chunk size, the first bucket not yet done
 *       (watermark) and the first bucket not yet purged;</li>
 *   <li>{@code sched_buckets}: one per bucket of due time ({@code _id} = epoch millis / bucket length): per tenant the
 *       number of timer slots handed out, whether it is sealed (no more slots), the chunks done, whether it is done;</li>
 *   <li>{@code sched_chunks}: {@code <bucket>|<tenant>|<n>}: up to chunkSize timers as a map slot → entry;</li>
 *   <li>{@code sched_timers}: {@code <tenant>|<kind>|<key>}: where the timer's current entry is (idempotent schedule,
 *       cancel, find);</li>
 *   <li>{@code sched_leases}: {@code <chunk>#<lease window>}: inserted to claim a chunk for a lease window;</li>
 *   <li>{@code sched_dead}: dead timers, for operators.</li>
 * </ul>
 */
final class Store {
    private static final Logger LOG = LoggerFactory.getLogger(Store.class);
    static final String STATE = "state";

    final MongoCollection<Document> state;
    final MongoCollection<Document> buckets;
    final MongoCollection<Document> chunks;
    final MongoCollection<Document> timers;
    final MongoCollection<Document> leases;
    final MongoCollection<Document> dead;
    final long bucketMillis;
    final int chunkSize;
    final long origin;

    private Store(MongoDatabase db, Document layout) {
        this.state = db.getCollection("sched_state");
        this.buckets = db.getCollection("sched_buckets");
        this.chunks = db.getCollection("sched_chunks");
        this.timers = db.getCollection("sched_timers");
        this.leases = db.getCollection("sched_leases");
        this.dead = db.getCollection("sched_dead");
        this.bucketMillis = layout.getLong("bucketMillis");
        this.chunkSize = layout.getInteger("chunkSize");
        this.origin = layout.getLong("origin");
    }

    /** Opens the store, recording the layout on first use; later nodes take the recorded layout. */
    static Store open(MongoDatabase db, Instant now, SchedulerOptions options) {
        long bucketMillis = options.bucket().toMillis();
        long first = Math.floorDiv(now.toEpochMilli(), bucketMillis);
        Document layout = db.getCollection("sched_state").findOneAndUpdate(eq("_id", STATE), Updates.combine(
                        Updates.setOnInsert("bucketMillis", bucketMillis), Updates.setOnInsert("chunkSize", options.chunkSize()),
                        Updates.setOnInsert("origin", first), Updates.setOnInsert("wm", first), Updates.setOnInsert("pm", first)),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        if (layout.getLong("bucketMillis") != bucketMillis || layout.getInteger("chunkSize") != options.chunkSize()) {
            LOG.warn("the store's recorded layout (bucket {} ms, chunk size {}) is used instead of the options' ({} ms, {})",
                    layout.getLong("bucketMillis"), layout.getInteger("chunkSize"), bucketMillis, options.chunkSize());
        }
        return new Store(db, layout);
    }

    long bucketOf(Instant time) {
        return Math.floorDiv(time.toEpochMilli(), bucketMillis);
    }

    Instant bucketEnd(long bucket) {
        return Instant.ofEpochMilli((bucket + 1) * bucketMillis);
    }

    long chunkNo(long slot) {
        return slot / chunkSize;
    }

    /** How many chunks {@code slots} slots of one tenant in one bucket fill. */
    long chunksFor(long slots) {
        return (slots + chunkSize - 1) / chunkSize;
    }

    static String chunkId(long bucket, String tenant, long chunkNo) {
        return bucket + "|" + tenant + "|" + chunkNo;
    }

    static long bucketOfChunk(String chunkId) {
        return Long.parseLong(chunkId.substring(0, chunkId.indexOf('|')));
    }

    static String tenantOfChunk(String chunkId) {
        return chunkId.substring(chunkId.indexOf('|') + 1, chunkId.lastIndexOf('|'));
    }

    static String slotName(long slot) {
        return "s" + slot;
    }

    static String timerId(String tenant, String kind, String key) {
        return tenant + "|" + kind + "|" + key;
    }

    /** {tenant, kind, key} of a timer id (tenants and kinds never contain '|'; keys may). */
    static String[] timerIdParts(String timerId) {
        int first = timerId.indexOf('|');
        int second = timerId.indexOf('|', first + 1);
        return new String[]{timerId.substring(0, first), timerId.substring(first + 1, second), timerId.substring(second + 1)};
    }

    static boolean isDuplicateKey(MongoException e) {
        if (e instanceof MongoWriteException w) {
            return w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
        }
        if (e instanceof MongoBulkWriteException b) {
            return !b.getWriteErrors().isEmpty() && b.getWriteErrors().stream()
                    .allMatch(err -> ErrorCategory.fromErrorCode(err.getCode()) == ErrorCategory.DUPLICATE_KEY);
        }
        return e.getCode() == 11000;
    }
}
