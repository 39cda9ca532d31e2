package io.quanyu.outbox;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.quanyu.mongodb.TenantDatabase;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Collection;
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

    /**
     * Relays the events of several documents of one collection in a few round trips: one read, one number range and
     * one insert per partition, one bulk of pulls. Returns the partitions that received some.
     */
    Set<Integer> relay(TenantDatabase db, String collection, Collection<?> ids) {
        var docs = db.collection(collection).find(Filters.in("_id", ids)).projection(Projections.include(Outbox.FIELD));
        Map<Integer, List<Document>> byPartition = new LinkedHashMap<>();
        List<WriteModel<Document>> pulls = new ArrayList<>();
        for (Document doc : docs) {
            List<Document> entries = doc.getList(Outbox.FIELD, Document.class, List.of());
            if (entries.isEmpty()) {
                continue;
            }
            entries.stream().map(e -> Outbox.completed(e, doc.get("_id"))).forEach(
                    e -> byPartition.computeIfAbsent(log.partitionOf(e.getString("key")), p -> new ArrayList<>()).add(e));
            List<Object> taken = entries.stream().map(e -> e.get("_id")).toList();
            pulls.add(new UpdateOneModel<>(Filters.eq("_id", doc.get("_id")),
                    Updates.pull(Outbox.FIELD, new Document("_id", new Document("$in", taken)))));
        }
        byPartition.forEach((partition, events) -> log.append(db, partition, events));
        if (!pulls.isEmpty()) {
            db.collection(collection).bulkWrite(pulls, new BulkWriteOptions().ordered(false));
        }
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
            for (int i = 0; i < stale.size(); i += 500) {
                touched.addAll(relay(db, collection, stale.subList(i, Math.min(stale.size(), i + 500))));
            }
        }
        return touched;
    }
}
