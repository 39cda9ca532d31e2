package io.quanyu.outbox;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.mongodb.TenantDatabase;
import org.bson.Document;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tenant's event log: a fixed number of partitions, each a numbered sequence ({@code outbox_log}, ids
 * {@code p<n>:<seq>}) with its head in {@code outbox_heads}. Everything is read and written by key, since the
 * embedded store has no secondary indexes. Numbers are taken in ranges with one {@code $inc}; a range taken by a
 * relay that died before writing it leaves a gap, which delivery skips after a grace period.
 */
final class EventLog {
    static final String LOG = "outbox_log";
    static final String HEADS = "outbox_heads";
    static final String POSITIONS = "outbox_positions";
    static final String DEAD = "outbox_dead";
    private final int partitions;

    EventLog(int partitions) {
        this.partitions = partitions;
    }

    int partitionOf(String key) {
        return Math.floorMod(key.hashCode(), partitions);
    }

    static String logId(int partition, long seq) {
        return "p" + partition + ":" + String.format("%015d", seq);
    }

    /** Appends entries (all of one partition) in their order; returns the last number used. */
    long append(TenantDatabase db, int partition, List<Document> entries) {
        Document head = db.collection(HEADS).findOneAndUpdate(Filters.eq("_id", "p" + partition),
                Updates.inc("head", (long) entries.size()),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        long last = head.get("head", Number.class).longValue();
        List<Document> docs = new ArrayList<>(entries.size());
        long seq = last - entries.size();
        for (Document entry : entries) {
            docs.add(new Document("_id", logId(partition, ++seq)).append("event", entry));
        }
        try {
            db.collection(LOG).insertMany(docs, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            if (e.getWriteErrors().stream().anyMatch(w -> w.getCode() != 11000)) {
                throw e;
            }
        }
        return last;
    }

    /** Every partition's head, by partition (absent partitions have none). */
    Map<Integer, Long> heads(TenantDatabase db) {
        Map<Integer, Long> heads = new HashMap<>();
        for (Document d : db.collection(HEADS).find()) {
            heads.put(Integer.parseInt(d.getString("_id").substring(1)), d.get("head", Number.class).longValue());
        }
        return heads;
    }

    long head(TenantDatabase db, int partition) {
        Document d = db.collection(HEADS).find(Filters.eq("_id", "p" + partition)).first();
        return d == null ? 0 : d.get("head", Number.class).longValue();
    }

    /** The events numbered {@code from..to} that exist, by number. */
    Map<Long, Document> read(TenantDatabase db, int partition, long from, long to) {
        List<String> ids = new ArrayList<>();
        for (long seq = from; seq <= to; seq++) {
            ids.add(logId(partition, seq));
        }
        Map<Long, Document> found = new HashMap<>();
        for (Document d : db.collection(LOG).find(Filters.in("_id", ids))) {
            String id = d.getString("_id");
            found.put(Long.parseLong(id.substring(id.indexOf(':') + 1)), d.get("event", Document.class));
        }
        return found;
    }

    static DomainEvent event(TenantId tenant, Document entry) {
        return new DomainEvent(entry.getString("_id"), entry.getString("type"), tenant, entry.getString("key"),
                entry.getDate("at").toInstant(), plain(entry.get("data", Document.class)));
    }

    private static Map<String, Object> plain(Document data) {
        return data == null ? Map.of() : new java.util.LinkedHashMap<>(data);
    }

    /**
     * Removes a partition's events numbered up to {@code upTo} (every subscriber has passed them) that were written
     * before {@code olderThan}, by key, from where the last trim stopped, and stops at the first younger one; the
     * partition's {@code trimmed} mark says where delivery starts for a subscriber that has no position yet.
     * Returns how many went.
     */
    long trim(TenantDatabase db, int partition, long upTo, java.util.Date olderThan) {
        long from = trimmed(db, partition) + 1;
        long removed = 0;
        for (long start = from; start <= upTo; start += 1_000) {
            long end = Math.min(upTo, start + 999);
            Map<Long, Document> found = read(db, partition, start, end);
            long last = start - 1;
            for (long seq = start; seq <= end; seq++) {
                Document event = found.get(seq);
                if (event != null && !event.getDate("at").before(olderThan)) {
                    break;
                }
                last = seq;
            }
            if (last < start) {
                break;
            }
            List<String> ids = new ArrayList<>();
            for (long seq = start; seq <= last; seq++) {
                ids.add(logId(partition, seq));
            }
            removed += db.collection(LOG).deleteMany(Filters.in("_id", ids)).getDeletedCount();
            db.collection(HEADS).updateOne(Filters.eq("_id", "p" + partition), Updates.max("trimmed", last));
            if (last < end) {
                break;
            }
        }
        return removed;
    }

    /** The last number trimmed from a partition (0 when none was). */
    long trimmed(TenantDatabase db, int partition) {
        Document head = db.collection(HEADS).find(Filters.eq("_id", "p" + partition)).first();
        return head == null || head.get("trimmed") == null ? 0 : head.get("trimmed", Number.class).longValue();
    }

    MongoCollection<Document> positions(TenantDatabase db) {
        return db.collection(POSITIONS);
    }
}
