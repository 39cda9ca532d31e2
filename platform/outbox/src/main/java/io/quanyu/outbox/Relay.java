package io.quanyu.outbox;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import io.quanyu.mongodb.TenantDatabase;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Moves events out of the documents they were written with into the tenant's log: read the document's
 * {@value Outbox#FIELD} by key, append its events to their partitions, then pull exactly those events from the
 * document. A relay that dies after appending and before pulling makes the next one append them again: delivery is
 * at least once, and subscribers ignore an event id they saw.
 */
final class Relay {
    private final EventLog log;
    private final Predicate<String> sources;

    Relay(EventLog log, Predicate<String> sources) {
        this.log = log;
        this.sources = sources;
    }

    /** Relays one document's events; returns the partitions that received some. */
    Set<Integer> relay(TenantDatabase db, String collection, Object id) {
        Document doc = db.collection(collection).find(Filters.eq("_id", id)).projection(Projections.include(Outbox.FIELD)).first();
        List<Document> entries = doc == null ? List.of() : doc.getList(Outbox.FIELD, Document.class, List.of());
        if (entries.isEmpty()) {
            return Set.of();
        }
        Map<Integer, List<Document>> byPartition = new LinkedHashMap<>();
        entries.forEach(e -> byPartition.computeIfAbsent(log.partitionOf(e.getString("key")), p -> new ArrayList<>()).add(e));
        byPartition.forEach((partition, events) -> log.append(db, partition, events));
        List<Object> ids = entries.stream().map(e -> e.get("_id")).toList();
        db.collection(collection).updateOne(Filters.eq("_id", id),
                Updates.pull(Outbox.FIELD, new Document("_id", new Document("$in", ids))));
        return new TreeSet<>(byPartition.keySet());
    }

    /**
     * Relays every source document whose events have waited longer than {@code olderThan} (their writer's signal was
     * lost with its node); returns the partitions that received some.
     */
    Set<Integer> sweep(TenantDatabase db, Date olderThan) {
        Set<Integer> touched = new TreeSet<>();
        for (String collection : db.collectionNames()) {
            if (!sources.test(collection)) {
                continue;
            }
            List<Object> stale = db.collection(collection).find(Filters.lt(Outbox.FIELD + ".at", olderThan))
                    .projection(Projections.include("_id")).map(d -> d.get("_id")).into(new ArrayList<>());
            stale.forEach(id -> touched.addAll(relay(db, collection, id)));
        }
        return touched;
    }
}
