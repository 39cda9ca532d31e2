package io.quanyu.customer360;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.quanyu.mongodb.TenantDatabase;
import org.bson.Document;
import org.bson.conversions.Bson;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Events in the tenant's {@code c360_events}, the event id as {@code _id}: storing the same event twice is
 * impossible, so a client may retry a batch as often as it likes. Whether its aggregates were applied is kept per
 * batch ({@link BatchStore}).
 */
final class EventStore {
    static final String COLLECTION = "c360_events";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    MongoCollection<Document> events(TenantDatabase db) {
        return db.collection(COLLECTION);
    }

    void ensureIndexes(TenantDatabase db) {
        events(db).createIndex(Indexes.compoundIndex(Indexes.ascending("customerId"), Indexes.descending("time")));
        events(db).createIndex(Indexes.compoundIndex(Indexes.ascending("customerId"), Indexes.ascending("type"),
                Indexes.descending("time")));
    }

    /** Inserts the events; returns the ids that were already stored (duplicates). Durable when it returns. */
    Set<String> insert(TenantDatabase db, List<TrackedEvent> batch) {
        if (batch.isEmpty()) {
            return Set.of();
        }
        List<Document> docs = batch.stream().map(EventStore::toDocument).toList();
        try {
            events(db).insertMany(docs, new InsertManyOptions().ordered(false));
            return Set.of();
        } catch (MongoBulkWriteException e) {
            Set<String> duplicates = new HashSet<>();
            for (var error : e.getWriteErrors()) {
                if (error.getCategory() != com.mongodb.ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                duplicates.add(batch.get(error.getIndex()).eventId());
            }
            return duplicates;
        }
    }

    /** The stored events among {@code ids}. */
    List<TrackedEvent> byIds(TenantDatabase db, Collection<String> ids) {
        return ids.isEmpty() ? List.of() : find(db, Filters.in("_id", ids), 0);
    }

    /** A customer's events, oldest first (to rebuild its aggregates). */
    List<TrackedEvent> ofCustomer(TenantDatabase db, String customer) {
        List<TrackedEvent> out = new ArrayList<>();
        for (Document d : events(db).find(Filters.eq("customerId", customer)).sort(Sorts.ascending("time"))) {
            out.add(fromDocument(d));
        }
        return out;
    }

    private List<TrackedEvent> find(TenantDatabase db, Bson filter, int limit) {
        List<TrackedEvent> out = new ArrayList<>();
        for (Document d : events(db).find(filter).sort(Sorts.ascending("time")).limit(limit)) {
            out.add(fromDocument(d));
        }
        return out;
    }

    long move(TenantDatabase db, String from, String to, String trail) {
        return MergeTrail.move(events(db), from, to, trail);
    }

    long undo(TenantDatabase db, String trail, String backTo) {
        return MergeTrail.undo(events(db), trail, backTo);
    }

    static Document toDocument(TrackedEvent e) {
        List<Document> identities = e.identities().stream().map(i -> new Document("type", i.type())
                .append("scope", i.scope()).append("value", i.value())).toList();
        return new Document("_id", e.eventId()).append("type", e.type()).append("time", Date.from(e.time()))
                .append("channel", e.channel()).append("identities", identities)
                .append("properties", Document.parse(JSON.writeValueAsString(e.properties())))
                .append("customerId", e.customerId());
    }

    static TrackedEvent fromDocument(Document d) {
        List<Identity> identities = d.getList("identities", Document.class, List.of()).stream()
                .map(i -> new Identity(i.getString("type"), i.getString("scope"), i.getString("value"))).toList();
        Document props = d.get("properties", new Document());
        ObjectNode properties = (ObjectNode) JSON.readTree(props.toJson(
                org.bson.json.JsonWriterSettings.builder().outputMode(org.bson.json.JsonMode.RELAXED).build()));
        Instant time = d.getDate("time").toInstant();
        return new TrackedEvent(d.getString("_id"), d.getString("type"), time, d.getString("channel"), identities,
                properties, d.getString("customerId"));
    }

    /**
     * The customers' events of one type from {@code since} (inclusive) to {@code until} (exclusive), either null,
     * newest first, read lazily (the caller stops when it has enough): one query for a whole page of customers, as
     * the embedded store answers a filter on a field other than {@code _id} by reading every event.
     */
    com.mongodb.client.MongoIterable<TrackedEvent> ofType(TenantDatabase db, java.util.Collection<String> customers, String type,
                                                          Instant since, Instant until) {
        List<Bson> filters = new ArrayList<>(List.of(customers.size() == 1
                ? Filters.eq("customerId", customers.iterator().next()) : Filters.in("customerId", customers),
                Filters.eq("type", type)));
        if (since != null) {
            filters.add(Filters.gte("time", Date.from(since)));
        }
        if (until != null) {
            filters.add(Filters.lt("time", Date.from(until)));
        }
        return events(db).find(Filters.and(filters)).sort(Sorts.descending("time"))
                .batchSize(200).map(EventStore::fromDocument);
    }
}
