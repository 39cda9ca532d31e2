package io.quanyu.records;

import io.quanyu.outbox.DomainEvent;
import io.quanyu.outbox.Outbox;
import io.quanyu.outbox.OutboxSignal;
import io.quanyu.mongodb.TenantDatabase;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The domain events of record writes ({@code RecordCreated}, {@code RecordChanged}, {@code RecordDeleted}), each
 * keyed by the record id (for customers, the customer id) and written in the same update as the change, and the
 * signal that sends them on.
 */
final class RecordEvents {
    private final Clock clock;
    private final OutboxSignal signal;

    RecordEvents(Clock clock, OutboxSignal signal) {
        this.clock = clock;
        this.signal = signal;
    }

    Document created(String object, String id) {
        return entry(DomainEvent.RECORD_CREATED, object, id, Map.of("version", 1L));
    }

    /** The update part for a change of {@code fields} that makes the record's version {@code version} (null: not known). */
    Bson changed(String object, String id, Long version, Collection<String> fields) {
        Map<String, Object> data = version == null ? Map.of("fields", List.copyOf(fields))
                : Map.of("version", version, "fields", List.copyOf(fields));
        return Outbox.push(List.of(entry(DomainEvent.RECORD_CHANGED, object, id, data)));
    }

    /** {@code how}: deleted (soft), with the version it makes, or purged (no version: the record is gone). */
    Bson deleted(String object, String id, Long version, String how) {
        Map<String, Object> data = version == null ? Map.of("how", how) : Map.of("version", version, "how", how);
        return Outbox.push(List.of(entry(DomainEvent.RECORD_DELETED, object, id, data)));
    }

    void written(TenantDatabase db, String object, String id) {
        signal.written(db, ObjectInfo.collectionOf(object), id);
    }

    /**
     * A {@code RecordChanged} for every record one multi-record update ({@code updateMany}) changes: push it with
     * {@link Outbox#push}, then call {@link #writtenEach} with it after the update.
     */
    Document changedEach(String object, Collection<String> fields) {
        return Outbox.eachEntry(DomainEvent.RECORD_CHANGED, "id", clock.instant(),
                Map.of("object", object, "fields", List.copyOf(fields)));
    }

    /** Signals every record that holds {@code entry}, so its events move on at once rather than at the sweep. */
    void writtenEach(TenantDatabase db, String object, Document entry) {
        String collection = ObjectInfo.collectionOf(object);
        db.collection(collection).find(com.mongodb.client.model.Filters.eq(Outbox.FIELD + "._id", entry.get("_id")))
                .projection(new Document("_id", 1)).forEach(d -> signal.written(db, collection, d.get("_id")));
    }

    private Document entry(String type, String object, String id, Map<String, Object> data) {
        var all = new java.util.LinkedHashMap<String, Object>();
        all.put("object", object);
        all.put("id", id);
        all.putAll(data);
        return Outbox.entry(type, id, clock.instant(), all);
    }
}
