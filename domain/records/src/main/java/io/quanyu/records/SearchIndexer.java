package io.quanyu.records;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.outbox.DomainEvent;
import io.quanyu.outbox.Subscriber;
import org.bson.Document;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Keeps search current as a subscriber of the event seam: the records named by a run of record events are read by
 * id and written to the search index in one bulk (deleted ones removed, at the version MongoDB holds, so an older
 * event never overwrites a newer state); purged records are removed from the index and then from MongoDB. An
 * {@code ObjectChanged} event makes the object's index match its new definition (rebuilt from MongoDB when a
 * field's mapping changed). Record events of an object whose migration is running are passed over: the migration's
 * end ({@code ObjectChanged}, how {@value MetadataService#MIGRATED}) makes the indexer read all its records again.
 * When the search server is unreachable the subscriber is unavailable: its events wait in the log, nothing is
 * dead-lettered, and it catches up once the server is back. One object's index is changed by one thread of a node
 * at a time.
 */
public final class SearchIndexer implements Subscriber {
    /** The subscriber's name: its position and dead letters are kept under it. */
    public static final String NAME = "search-index";
    private static final int PAGE = 500;
    private static final Set<String> TYPES = Set.of(DomainEvent.RECORD_CREATED, DomainEvent.RECORD_CHANGED,
            DomainEvent.RECORD_DELETED, DomainEvent.OBJECT_CHANGED);

    private final MetadataService metadata;
    private final RecordSearch search;
    private final Function<TenantId, TenantDatabase> databases;
    private final Map<String, Object> locks = new java.util.concurrent.ConcurrentHashMap<>();

    /** {@code databases}: opens a tenant's database for background work. */
    public SearchIndexer(MetadataService metadata, RecordSearch search, Function<TenantId, TenantDatabase> databases) {
        this.metadata = metadata;
        this.search = search;
        this.databases = databases;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> types() {
        return TYPES;
    }

    @Override
    public void handle(DomainEvent event) throws Unavailable {
        handleAll(List.of(event));
    }

    @Override
    public void handleAll(List<DomainEvent> events) throws Unavailable {
        TenantDatabase db = databases.apply(events.getFirst().tenant());
        Map<String, Set<String>> ids = new LinkedHashMap<>();
        Map<String, Boolean> reshaped = new LinkedHashMap<>();
        for (DomainEvent event : events) {
            String object = (String) event.data().get("object");
            if (event.type().equals(DomainEvent.OBJECT_CHANGED)) {
                reshaped.merge(object, MetadataService.MIGRATED.equals(event.data().get("how")), Boolean::logicalOr);
            } else {
                ids.computeIfAbsent(object, o -> new LinkedHashSet<>()).add((String) event.data().get("id"));
            }
        }
        Unavailable.unlessDown("search", () -> {
            reshaped.forEach((object, migrated) -> metadata.find(db, object).filter(info -> info.migrating() == null)
                    .ifPresent(info -> locked(db, object, () -> reshape(db, info.type(), migrated))));
            ids.forEach((object, some) -> metadata.find(db, object).filter(info -> info.migrating() == null)
                    .ifPresent(info -> locked(db, object, () -> index(db, info.type(), some))));
        });
    }

    private void locked(TenantDatabase db, String object, Runnable work) {
        synchronized (locks.computeIfAbsent(db.tenant().value() + "|" + object, k -> new Object())) {
            work.run();
        }
    }

    /** Makes the index match the definition; after a migration, writes every record again, a page at a time. */
    private void reshape(TenantDatabase db, ObjectType type, boolean migrated) {
        prepare(db, type);
        if (!migrated) {
            return;
        }
        List<Document> page = new ArrayList<>();
        for (Document doc : metadata.records(db, type.apiName()).find()) {
            page.add(doc);
            if (page.size() == PAGE) {
                write(db, type, page);
                page = new ArrayList<>();
            }
        }
        if (!page.isEmpty()) {
            write(db, type, page);
        }
    }

    private void prepare(TenantDatabase db, ObjectType type) {
        MongoCollection<Document> records = metadata.records(db, type.apiName());
        search.prepare(db.tenant(), type, sink -> records.find(Filters.and(Filters.exists(RecordService.DELETED_AT, false),
                Filters.exists(RecordService.PURGED_AT, false))).forEach(d -> sink.accept(BsonMapping.toJson(type, d))));
    }

    /** Writes the named records' current state. */
    private void index(TenantDatabase db, ObjectType type, Set<String> ids) {
        prepare(db, type);
        write(db, type, metadata.records(db, type.apiName()).find(Filters.in("_id", ids)).into(new ArrayList<>()));
    }

    /** Writes these stored records to the index; throws when some item was refused (the seam retries it). */
    private void write(TenantDatabase db, ObjectType type, List<Document> docs) {
        MongoCollection<Document> records = metadata.records(db, type.apiName());
        List<RecordSearch.Op> ops = new ArrayList<>();
        for (Document doc : docs) {
            boolean purged = doc.get(RecordService.PURGED_AT) != null;
            boolean gone = purged || doc.get(RecordService.DELETED_AT) != null;
            long version = doc.get("_version", Number.class).longValue() + (purged ? 1 : 0);
            ops.add(new RecordSearch.Op(doc.getString("_id"), version, gone ? null : BsonMapping.toJson(type, doc)));
        }
        Set<String> written = ops.isEmpty() ? Set.of() : search.apply(db.tenant(), type, ops);
        for (Document doc : docs) {
            if (written.contains(doc.getString("_id")) && doc.get(RecordService.PURGED_AT) != null) {
                records.deleteOne(Filters.and(Filters.eq("_id", doc.get("_id")), Filters.exists(RecordService.PURGED_AT)));
            }
        }
        if (written.size() < ops.size()) {
            throw new IllegalStateException("search refused " + (ops.size() - written.size()) + " of " + ops.size()
                    + " " + type.apiName() + " records");
        }
    }
}
