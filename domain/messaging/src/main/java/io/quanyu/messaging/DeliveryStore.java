package io.quanyu.messaging;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.quanyu.core.paging.TimeCursor;
import io.quanyu.mongodb.TenantDatabase;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The deliveries ({@code msg_deliveries}), one document per send, its id derived from the idempotency key, so the
 * insert is the claim: a second send with the key finds the first.
 */
final class DeliveryStore {
    static final String COLLECTION = "msg_deliveries";
    static final String CAPS = "msg_caps";

    /** The send id of an idempotency key: {@code snd_} and 32 hex digits of its SHA-256. */
    static String sendId(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "snd_" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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

    /** Adds a report unless one with its status is there: true when added (so it is applied once). */
    boolean addReport(TenantDatabase db, String sendId, String status, Document report, @Nullable String newStatus, Instant now) {
        Document d = find(db, sendId).orElse(null);
        if (d == null || d.getList("reports", Document.class, List.of()).stream().anyMatch(r -> status.equals(r.getString("status")))) {
            return false;
        }
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

    /** How many marketing messages went to the customer since {@code since}. */
    int sentSince(TenantDatabase db, String customerId, Instant since) {
        Document caps = db.collection(CAPS).find(Filters.eq("_id", customerId)).first();
        if (caps == null) {
            return 0;
        }
        return (int) caps.getList("sent", Date.class, List.of()).stream().filter(d -> !d.toInstant().isBefore(since)).count();
    }

    /** Counts a marketing message to the customer, forgetting those older than {@code forgetBefore}. */
    void countSent(TenantDatabase db, String customerId, Instant at, Instant forgetBefore) {
        var caps = db.collection(CAPS);
        caps.updateOne(Filters.eq("_id", customerId), Updates.push("sent", Date.from(at)),
                new com.mongodb.client.model.UpdateOptions().upsert(true));
        caps.updateOne(Filters.eq("_id", customerId), Updates.pull("sent", new Document("$lt", Date.from(forgetBefore))));
    }

    private static MongoCollection<Document> collection(TenantDatabase db) {
        return db.collection(COLLECTION);
    }
}
