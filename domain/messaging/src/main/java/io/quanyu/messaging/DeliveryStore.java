package io.quanyu.messaging;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.quanyu.core.messaging.SendIds;
import io.quanyu.core.paging.TimeCursor;
import io.quanyu.mongodb.TenantDatabase;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * The deliveries ({@code msg_deliveries}), one document per send, its id derived from the idempotency key, so the
 * insert is the claim: a second send with the key finds the first.
 */
final class DeliveryStore {
    static final String COLLECTION = "msg_deliveries";
    static final String CAPS = "msg_caps";

    /** The send id of an idempotency key (see {@link SendIds}). */
    static String sendId(String key) {
        return SendIds.of(key);
    }

    void ensureIndexes(TenantDatabase db) {
        collection(db).createIndex(Indexes.descending("createdAt"), new IndexOptions().name("created"));
        collection(db).createIndex(Indexes.compoundIndex(Indexes.ascending("customerId"), Indexes.descending("createdAt")),
                new IndexOptions().name("customer"));
    }

    /** Inserts the new delivery; false when one with its id exists. */
    boolean insert(TenantDatabase db, Document delivery) {
        try {
            collection(db).insertOne(delivery);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    Optional<Document> find(TenantDatabase db, String sendId) {
        return Optional.ofNullable(collection(db).find(Filters.eq("_id", sendId)).first());
    }

    void update(TenantDatabase db, String sendId, Bson update) {
        collection(db).updateOne(Filters.eq("_id", sendId), update);
    }

    /**
     * Adds a report unless the send is unknown or has one with its status: true when added (so it is applied once).
     * One conditional write decides both.
     */
    boolean addReport(TenantDatabase db, String sendId, String status, Document report, @Nullable String newStatus, Instant now) {
        List<Bson> set = new ArrayList<>(List.of(Updates.push("reports", report), Updates.set("updatedAt", Date.from(now))));
        if (newStatus != null) {
            set.add(Updates.set("status", newStatus));
        }
        return collection(db).updateOne(Filters.and(Filters.eq("_id", sendId), Filters.ne("reports.status", status)),
                Updates.combine(set)).getModifiedCount() == 1;
    }

    /** A page of the delivery log, newest first, filtered. */
    Page page(TenantDatabase db, @Nullable String customerId, @Nullable String status, @Nullable String channel,
              @Nullable String template, @Nullable Instant since, @Nullable Instant until, int first, @Nullable String after) {
        List<Bson> filters = new ArrayList<>();
        if (customerId != null) {
            filters.add(Filters.eq("customerId", customerId));
        }
        if (status != null) {
            filters.add(Filters.eq("status", status));
        }
        if (channel != null) {
            filters.add(Filters.eq("channel", channel));
        }
        if (template != null) {
            filters.add(Filters.eq("template", template));
        }
        if (since != null) {
            filters.add(Filters.gte("createdAt", Date.from(since)));
        }
        if (until != null) {
            filters.add(Filters.lt("createdAt", Date.from(until)));
        }
        if (after != null) {
            TimeCursor cursor = TimeCursor.decode(after);
            filters.add(Filters.or(Filters.lt("createdAt", Date.from(cursor.time())),
                    Filters.and(Filters.eq("createdAt", Date.from(cursor.time())), Filters.lt("_id", cursor.id()))));
        }
        int size = Math.clamp(first <= 0 ? 50 : first, 1, 200);
        List<Document> out = new ArrayList<>();
        collection(db).find(filters.isEmpty() ? new Document() : Filters.and(filters))
                .sort(Sorts.orderBy(Sorts.descending("createdAt"), Sorts.descending("_id"))).limit(size + 1).forEach(out::add);
        String next = null;
        if (out.size() > size) {
            out = out.subList(0, size);
            Document last = out.getLast();
            next = TimeCursor.after(last.getDate("createdAt").toInstant(), last.getString("_id")).encode();
        }
        return new Page(out, next);
    }

    record Page(List<Document> deliveries, @Nullable String nextCursor) {
    }

    /**
     * Takes a place under the frequency cap for a send: false when the customer has had {@code max} marketing
     * messages in the window. A compare-and-set on the customer's counter document, so sends racing on several nodes
     * never pass the cap together; taking it again for the same send (a retry) keeps the one place.
     */
    boolean reserve(TenantDatabase db, String customerId, String sendId, Instant now, java.time.Duration window, int max) {
        var caps = db.collection(CAPS);
        Date cutoff = Date.from(now.minus(window));
        for (int attempt = 0; attempt < 50; attempt++) {
            Document current = caps.find(Filters.eq("_id", customerId)).first();
            List<Document> kept = new ArrayList<>();
            if (current != null) {
                for (Document place : current.getList("sent", Document.class, List.of())) {
                    if (sendId.equals(place.getString("id"))) {
                        return true;
                    }
                    if (!place.getDate("at").before(cutoff)) {
                        kept.add(place);
                    }
                }
            }
            if (kept.size() >= max) {
                return false;
            }
            kept.add(new Document("id", sendId).append("at", Date.from(now)));
            if (current == null) {
                try {
                    caps.insertOne(new Document("_id", customerId).append("v", 1L).append("sent", kept));
                    return true;
                } catch (MongoWriteException e) {
                    if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                        throw e;
                    }
                }
            } else if (caps.updateOne(Filters.and(Filters.eq("_id", customerId), Filters.eq("v", current.getLong("v"))),
                    Updates.combine(Updates.set("sent", kept), Updates.inc("v", 1L))).getModifiedCount() == 1) {
                return true;
            }
        }
        throw new IllegalStateException("the frequency cap of customer " + customerId + " kept changing under 50 attempts");
    }

    /** Gives back a send's place under the cap (it was not sent). */
    void release(TenantDatabase db, String customerId, String sendId) {
        db.collection(CAPS).updateOne(Filters.eq("_id", customerId), Updates.combine(
                Updates.pull("sent", new Document("id", sendId)), Updates.inc("v", 1L)));
    }

    private static MongoCollection<Document> collection(TenantDatabase db) {
        return db.collection(COLLECTION);
    }
}
