package io.quanyu.scheduling;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.InsertManyOptions;
import org.bson.Document;

import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Chunk leases made of inserts only. Time is cut into lease windows; a node holds a chunk for a window by inserting
 * {@code <chunk>#<window>} (a unique {@code _id}, so one node wins). A claim inserts the current and the next window,
 * and the holder inserts the following one as soon as its last window begins; a node that dies stops inserting, and
 * the chunk is free from the first window nobody inserted: after at most two lease lengths. No conditional write is
 * needed, so no lease operation scans a collection on the embedded store.
 */
final class Leases {
    /** Not held. */
    static final long NONE = -1;

    private final Store store;
    private final long leaseMillis;
    private final String node;

    Leases(Store store, long leaseMillis, String node) {
        this.store = store;
        this.leaseMillis = leaseMillis;
        this.node = node;
    }

    long window(Instant now) {
        return Math.floorDiv(now.toEpochMilli(), leaseMillis);
    }

    static String id(String chunk, long window) {
        return chunk + "#" + window;
    }

    /** Claims the chunk; answers the last window held, or {@link #NONE} when another node holds it now. */
    long claim(String chunk, Instant now) {
        long window = window(now);
        try {
            store.leases.insertMany(List.of(ticket(chunk, window, now), ticket(chunk, window + 1, now)),
                    new InsertManyOptions().ordered(true));
            return window + 1;
        } catch (MongoBulkWriteException e) {
            if (!Store.isDuplicateKey(e)) {
                throw e;
            }
            return e.getWriteErrors().getFirst().getIndex() == 0 ? NONE : window;
        }
    }

    /**
     * Keeps holding a chunk held until {@code heldUntil}: inserts the next window once the last held one has begun.
     * Answers the new last window, or {@link #NONE} when the lease is lost (the node was stalled past it, or another
     * node inserted the next window).
     */
    long renew(String chunk, long heldUntil, Instant now) {
        long window = window(now);
        if (window > heldUntil) {
            return NONE;
        }
        if (window < heldUntil) {
            return heldUntil;
        }
        try {
            store.leases.insertOne(ticket(chunk, heldUntil + 1, now));
            return heldUntil + 1;
        } catch (MongoWriteException e) {
            if (!Store.isDuplicateKey(e)) {
                throw e;
            }
            return NONE;
        }
    }

    private Document ticket(String chunk, long window, Instant now) {
        return new Document("_id", id(chunk, window)).append("owner", node).append("at", Date.from(now));
    }
}
