package io.quanyu.scheduling;

import org.bson.Document;

import java.time.Instant;
import java.util.Date;

/**
 * A timer entry to place into a chunk.
 *
 * @param incarnation one life of the key; part of the idempotency key
 * @param generation  0 when scheduled, one more for each retry or relocation; the pointer keeps the highest, and an
 *                    entry older than its pointer is a stale twin that must not fire
 * @param verify      whether the node firing it must first compare generations with the pointer (set on entries written
 *                    by a retry or a relocation, the only ones that can have a twin)
 */
record NewEntry(String tenant, String kind, String key, String incarnation, Instant due, int attempt, int generation,
                Document payload, boolean verify) {

    String timerId() {
        return Store.timerId(tenant, kind, key);
    }

    NewEntry retried(Instant at, int nextAttempt) {
        return new NewEntry(tenant, kind, key, incarnation, at, nextAttempt, generation + 1, payload, true);
    }

    NewEntry relocated() {
        return new NewEntry(tenant, kind, key, incarnation, due, attempt, generation + 1, payload, true);
    }

    /** The entry as stored under {@code t.<slot>} of its chunk. */
    Document stored() {
        Document entry = new Document("k", kind).append("key", key).append("i", incarnation).append("d", Date.from(due))
                .append("a", attempt).append("g", generation);
        if (payload != null && !payload.isEmpty()) {
            entry.append("p", payload);
        }
        if (verify) {
            entry.append("r", true);
        }
        return entry;
    }

    static NewEntry of(String tenant, Document stored) {
        return new NewEntry(tenant, stored.getString("k"), stored.getString("key"), stored.getString("i"),
                stored.getDate("d").toInstant(), stored.getInteger("a"), stored.getInteger("g", 0),
                stored.get("p", Document.class), stored.getBoolean("r", false));
    }
}
