package io.quanyu.records;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.FieldType;
import io.quanyu.objects.model.IndexDef;
import io.quanyu.objects.model.ObjectType;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runs a migration's data work in the background: converts values, fills defaults, builds indexes (a unique index
 * fails if duplicates appeared meanwhile), clears removed fields, then swaps in the new definition and repeats the
 * idempotent passes for records written under the old one in the meantime. Every record a pass changes gets a
 * {@code RecordChanged} in the same write (without a new version: the change is the schema's, not a user's).
 */
final class SchemaMigrator implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);
    private static final int PROGRESS_EVERY = 500;

    interface Finisher {
        void finish(TenantDatabase db, Migration migration, ObjectType next, String error);
    }

    private final TenantDatabase db;
    private final Migration migration;
    private final ChangePlan plan;
    private final Finisher finisher;
    private final MongoCollection<Document> records;
    private final RecordEvents events;
    private long done;

    SchemaMigrator(TenantDatabase db, Migration migration, ChangePlan plan, Finisher finisher, RecordEvents events) {
        this.db = db;
        this.migration = migration;
        this.plan = plan;
        this.finisher = finisher;
        this.events = events;
        this.records = db.collection(ObjectInfo.collectionOf(migration.object()));
    }

    @Override
    public void run() {
        try {
            long total = records.countDocuments() * Math.max(1, plan.conversions().size());
            progress(0, total);
            passes();
            syncIndexes(db, plan.to());
            plan.removed().forEach(f -> updateEach(Filters.exists(f.apiName()), Updates.unset(f.apiName()), f.apiName()));
            finisher.finish(db, migration, plan.to(), null);
            passes();
            progress(total, total);
        } catch (RuntimeException e) {
            log.error("Migration {} of {} failed", migration.id(), migration.object(), e);
            finisher.finish(db, migration, plan.to(), "the migration failed: " + e.getMessage());
        }
    }

    private void passes() {
        for (FieldDef[] conversion : plan.conversions()) {
            convert(conversion[1]);
        }
        for (FieldDef field : plan.backfills()) {
            updateEach(Filters.exists(field.apiName(), false),
                    Updates.set(field.apiName(), BsonMapping.toBson(field, field.defaultValue())), field.apiName());
        }
    }

    private void convert(FieldDef to) {
        for (Document doc : records.find(Filters.exists(to.apiName())).projection(new Document(to.apiName(), 1))) {
            Object stored = doc.get(to.apiName());
            var converted = Conversions.convert(BsonMapping.toJson(stored), to)
                    .orElseThrow(() -> new IllegalStateException("record " + doc.get("_id") + " holds a value of "
                            + to.apiName() + " that does not convert"));
            Object bson = BsonMapping.toBson(to, converted);
            if (!bson.equals(stored)) {
                String id = String.valueOf(doc.get("_id"));
                var result = records.updateOne(Filters.and(Filters.eq("_id", doc.get("_id")), Filters.eq(to.apiName(), stored)),
                        Updates.combine(Updates.set(to.apiName(), bson), events.changed(migration.object(), id, null, List.of(to.apiName()))));
                if (result.getModifiedCount() > 0) {
                    events.written(db, migration.object(), id);
                }
            }
            if (++done % PROGRESS_EVERY == 0) {
                progress(done, -1);
            }
        }
    }

    /** One multi-record update whose records each get a {@code RecordChanged} naming {@code field}. */
    private void updateEach(org.bson.conversions.Bson filter, org.bson.conversions.Bson change, String field) {
        Document event = events.changedEach(migration.object(), List.of(field));
        if (records.updateMany(filter, Updates.combine(change, io.quanyu.outbox.Outbox.push(List.of(event)))).getModifiedCount() > 0) {
            events.writtenEach(db, migration.object(), event);
        }
    }

    private void progress(long doneSoFar, long total) {
        var beat = Updates.set("heartbeatAt", new java.util.Date());
        var update = total < 0 ? Updates.combine(Updates.set("done", doneSoFar), beat)
                : Updates.combine(Updates.set("done", doneSoFar), Updates.set("total", total), beat);
        db.collection(MetadataService.MIGRATIONS).updateOne(Filters.eq("_id", migration.id()), update);
    }

    /** Makes the collection's indexes match the metadata: sparse unique per unique field, one per index. */
    static void syncIndexes(TenantDatabase db, ObjectType type) {
        MongoCollection<Document> records = db.collection(ObjectInfo.collectionOf(type.apiName()));
        Set<String> wanted = ChangePlan.indexKeys(type);
        List<String> existing = new ArrayList<>();
        records.listIndexes().forEach(i -> existing.add(i.getString("name")));
        for (String name : existing) {
            if ((name.startsWith("u_") || name.startsWith("i_")) && !wanted.contains(name)) {
                records.dropIndex(name);
            }
        }
        for (FieldDef f : type.fields()) {
            if ((f.unique() || f.type() == FieldType.AUTO_NUMBER) && !existing.contains("u_" + f.apiName())) {
                records.createIndex(Indexes.ascending(f.apiName()),
                        new IndexOptions().name("u_" + f.apiName()).unique(true).sparse(true));
            }
        }
        for (IndexDef index : type.indexes()) {
            String name = (index.unique() ? "u_" : "i_") + String.join("_", index.fields());
            if (!existing.contains(name)) {
                records.createIndex(Indexes.ascending(index.fields()),
                        new IndexOptions().name(name).unique(index.unique()).sparse(index.unique()));
            }
        }
    }
}
