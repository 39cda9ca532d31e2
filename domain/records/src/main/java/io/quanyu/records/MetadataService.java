package io.quanyu.records;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.outbox.DomainEvent;
import io.quanyu.outbox.Outbox;
import io.quanyu.outbox.OutboxSignal;
import io.quanyu.objects.StandardObjects;
import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.objects.schema.ObjectCatalog;
import io.quanyu.objects.schema.ObjectTypeParser;
import org.bson.Document;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * A tenant's object types: the standard ones (until the tenant changes them) and its own, stored in
 * {@code meta_objects}. Every change is a versioned {@link Migration} in {@code meta_migrations}; changes that need
 * work on records are checked first (and refused with the offending values), then run by {@link SchemaMigrator} in
 * the background while the previous version keeps serving.
 */
public final class MetadataService {
    static final String OBJECTS = "meta_objects";
    static final String MIGRATIONS = "meta_migrations";
    /**
     * How an {@code ObjectChanged} says a migration ended (done or failed): its passes changed stored values, so
     * whatever mirrors the records (search) reads them all again.
     */
    public static final String MIGRATED = "migrated";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Clock clock;
    private final Executor jobs;
    private final OutboxSignal signal;

    /** Without a relay on this node: the event seam's sweep sends the definitions' events on. */
    public MetadataService(Clock clock, Executor jobs) {
        this(clock, jobs, OutboxSignal.NONE);
    }

    /** {@code signal}: this node's event seam, told when a definition write carries an {@code ObjectChanged}. */
    public MetadataService(Clock clock, Executor jobs, OutboxSignal signal) {
        this.clock = clock;
        this.jobs = jobs;
        this.signal = signal;
    }

    public List<ObjectInfo> list(TenantDatabase db) {
        Map<String, ObjectInfo> all = new LinkedHashMap<>();
        StandardObjects.all().forEach(t -> all.put(t.apiName(), new ObjectInfo(t, 0, null, null, null)));
        for (Document doc : db.collection(OBJECTS).find()) {
            ObjectInfo info = info(doc);
            all.put(info.type().apiName(), info);
        }
        return List.copyOf(all.values());
    }

    public Optional<ObjectInfo> find(TenantDatabase db, String apiName) {
        Document doc = db.collection(OBJECTS).find(Filters.eq("_id", apiName)).first();
        if (doc != null) {
            return Optional.of(info(doc));
        }
        return StandardObjects.find(apiName).map(t -> new ObjectInfo(t, 0, null, null, null));
    }

    public ObjectInfo get(TenantDatabase db, String apiName) {
        return find(db, apiName).orElseThrow(() -> new QuanyuException(ErrorCode.OBJECT_NOT_FOUND,
                Map.of("object", String.valueOf(apiName))));
    }

    ObjectCatalog catalog(TenantDatabase db) {
        return name -> find(db, name).map(ObjectInfo::type);
    }

    /** Creates a tenant-defined object type (version 1). */
    public ObjectInfo create(TenantDatabase db, JsonNode definition, String actor, Quotas quotas) {
        ObjectType type = ObjectTypeParser.parse(definition, catalog(db));
        boolean taken = list(db).stream().anyMatch(o -> o.type().apiName().equalsIgnoreCase(type.apiName()));
        if (type.standard() || taken) {
            throw new QuanyuException(ErrorCode.OBJECT_EXISTS, Map.of("object", type.apiName()));
        }
        checkQuotas(db, type, quotas, true);
        Instant now = now();
        try {
            db.collection(OBJECTS).insertOne(document(type, 1, now, actor).append(Outbox.FIELD,
                    List.of(objectChanged(type.apiName(), 1, "created", now))));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                throw new QuanyuException(ErrorCode.OBJECT_EXISTS, Map.of("object", type.apiName()));
            }
            throw e;
        }
        signal.written(db, OBJECTS, type.apiName());
        SchemaMigrator.syncIndexes(db, type);
        recordMigration(db, type.apiName(), 0, 1, List.of("create object " + type.apiName()), actor, now);
        return new ObjectInfo(type, 1, now, actor, null);
    }

    /**
     * Replaces an object type's definition. Returns the migration: {@code DONE} when no record needs work, else
     * {@code RUNNING} (poll {@link #migration}).
     */
    public Migration change(TenantDatabase db, String apiName, JsonNode definition, String actor, Quotas quotas) {
        ObjectInfo current = get(db, apiName);
        if (current.migrating() != null) {
            throw inProgress(apiName, current.migrating());
        }
        ObjectType next = ObjectTypeParser.parse(definition, catalog(db));
        if (!next.apiName().equals(apiName)) {
            throw refused(apiName, "the api name cannot change");
        }
        next = keepStandardFlags(current.type(), next);
        checkQuotas(db, next, quotas, false);
        ChangePlan plan = ChangePlan.of(current.type(), next);
        new ChangeChecks(db, current, plan).verify();
        return plan.needsDataWork() ? startMigration(db, current, plan, actor) : applyNow(db, current, plan, actor);
    }

    private static ObjectType keepStandardFlags(ObjectType current, ObjectType next) {
        if (!current.standard()) {
            return next;
        }
        List<FieldDef> fields = new ArrayList<>();
        for (FieldDef f : next.fields()) {
            boolean standard = current.field(f.apiName()).map(FieldDef::standard).orElse(false);
            fields.add(standard == f.standard() ? f : new FieldDef(f.apiName(), f.type(), f.label(), f.description(),
                    f.required(), f.unique(), f.defaultValue(), f.min(), f.max(), f.minLength(), f.maxLength(),
                    f.pattern(), f.precision(), f.scale(), f.options(), f.target(), f.onDelete(), f.expression(),
                    f.resultType(), f.prefix(), f.digits(), standard, f.deprecated(), f.readRoles()));
        }
        return new ObjectType(next.apiName(), next.label(), next.description(), next.displayField(), fields,
                next.indexes(), next.layouts(), true, next.managedBy());
    }

    private Migration applyNow(TenantDatabase db, ObjectInfo current, ChangePlan plan, String actor) {
        Instant now = now();
        long version = current.version() + 1;
        var filter = Filters.and(Filters.eq("_id", current.type().apiName()), Filters.eq("version", current.version()),
                Filters.exists("migrating", false));
        Document next = document(plan.to(), version, now, actor);
        if (current.version() == 0) {
            insertStandardOverride(db, next.append(Outbox.FIELD,
                    List.of(objectChanged(current.type().apiName(), version, "changed", now))), current);
        } else if (replace(db, filter, next, "changed").getMatchedCount() == 0) {
            throw inProgress(current.type().apiName(), "a concurrent change");
        }
        signal.written(db, OBJECTS, current.type().apiName());
        return recordMigration(db, current.type().apiName(), current.version(), version, plan.summary(), actor, now);
    }

    private void insertStandardOverride(TenantDatabase db, Document next, ObjectInfo current) {
        try {
            db.collection(OBJECTS).insertOne(next);
        } catch (MongoWriteException e) {
            throw inProgress(current.type().apiName(), "a concurrent change");
        }
    }

    private Migration startMigration(TenantDatabase db, ObjectInfo current, ChangePlan plan, String actor) {
        String id = UUID.randomUUID().toString();
        String api = current.type().apiName();
        lock(db, current, id, actor);
        Instant now = now();
        var migration = new Migration(id, api, current.version(), current.version() + 1, plan.summary(),
                Migration.Status.RUNNING, 0, 0, null, actor, now, null);
        db.collection(MIGRATIONS).insertOne(migrationDocument(migration)
                .append("definition", Document.parse(ObjectTypeParser.toJson(plan.to()).toString()))
                .append("heartbeatAt", Date.from(now)));
        jobs.execute(new SchemaMigrator(db, migration, plan, this::finish, new RecordEvents(clock, signal)));
        return migration;
    }

    /**
     * Takes over migrations whose node stopped working on them (no heartbeat for {@code staleAfter}) and runs them
     * again; their passes are idempotent. A migration whose definition was already swapped in is just marked done.
     * Returns how many were resumed.
     */
    public int resumeStale(TenantDatabase db, java.time.Duration staleAfter) {
        int resumed = 0;
        Date cutoff = Date.from(now().minus(staleAfter));
        var stale = Filters.and(Filters.eq("status", Migration.Status.RUNNING.name()), Filters.lte("heartbeatAt", cutoff));
        for (Document doc : db.collection(MIGRATIONS).find(stale).into(new ArrayList<>())) {
            Document claimed = db.collection(MIGRATIONS).findOneAndUpdate(
                    Filters.and(Filters.eq("_id", doc.get("_id")), Filters.eq("heartbeatAt", doc.getDate("heartbeatAt"))),
                    Updates.set("heartbeatAt", Date.from(now())));
            if (claimed != null && resume(db, claimed)) {
                resumed++;
            }
        }
        return resumed;
    }

    private boolean resume(TenantDatabase db, Document doc) {
        Migration migration = migration(doc);
        Document object = db.collection(OBJECTS).find(Filters.eq("_id", migration.object())).first();
        if (object == null || !migration.id().equals(object.getString("migrating"))) {
            boolean applied = object != null && object.get("version", Number.class).longValue() == migration.toVersion();
            finishStatus(db, migration, applied ? null : "the object changed while the migration was stopped");
            return false;
        }
        ObjectType target = ObjectTypeParser.shape(JSON.readTree(doc.get("definition", Document.class).toJson()));
        ChangePlan plan = ChangePlan.of(info(object).type(), target);
        jobs.execute(new SchemaMigrator(db, migration, plan, this::finish, new RecordEvents(clock, signal)));
        return true;
    }

    /** Marks the object as migrating; a standard object gets its stored copy here. */
    private void lock(TenantDatabase db, ObjectInfo current, String migration, String actor) {
        String api = current.type().apiName();
        if (current.version() == 0) {
            Document doc = document(current.type(), 0, now(), actor).append("migrating", migration);
            insertStandardOverride(db, doc, current);
            return;
        }
        var locked = db.collection(OBJECTS).findOneAndUpdate(
                Filters.and(Filters.eq("_id", api), Filters.eq("version", current.version()),
                        Filters.exists("migrating", false)),
                Updates.set("migrating", migration), new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        if (locked == null) {
            throw inProgress(api, "a concurrent change");
        }
    }

    /** Called by the migrator: swaps in the new definition (success) or releases the lock (failure). */
    private void finish(TenantDatabase db, Migration migration, ObjectType next, String error) {
        var objects = db.collection(OBJECTS);
        var filter = Filters.and(Filters.eq("_id", migration.object()), Filters.eq("migrating", migration.id()));
        if (error == null) {
            replace(db, filter, document(next, migration.toVersion(), now(), migration.by()), MIGRATED);
        } else {
            objects.updateOne(filter, Updates.combine(Updates.unset("migrating"), Outbox.push(List.of(
                    objectChanged(migration.object(), migration.fromVersion(), MIGRATED, now())))));
        }
        signal.written(db, OBJECTS, migration.object());
        finishStatus(db, migration, error);
    }

    private void finishStatus(TenantDatabase db, Migration migration, String error) {
        db.collection(MIGRATIONS).updateOne(Filters.eq("_id", migration.id()), Updates.combine(
                Updates.set("status", (error == null ? Migration.Status.DONE : Migration.Status.FAILED).name()),
                Updates.set("error", error), Updates.set("finishedAt", Date.from(now()))));
    }

    /** Deletes a tenant-defined object type and its records; refused for standard objects and referenced ones. */
    public Migration delete(TenantDatabase db, String apiName, String actor) {
        ObjectInfo current = get(db, apiName);
        if (current.type().standard()) {
            throw refused(apiName, "standard objects cannot be deleted");
        }
        for (ObjectInfo other : list(db)) {
            boolean refers = other.type().fields().stream().anyMatch(f -> apiName.equals(f.target()));
            if (refers && !other.type().apiName().equals(apiName)) {
                throw refused(apiName, other.type().apiName() + " has fields that refer to it");
            }
        }
        db.collection(OBJECTS).deleteOne(Filters.eq("_id", apiName));
        db.collection(current.collection()).drop();
        db.collection(RecordLayouts.COLLECTION).deleteOne(Filters.eq("_id", apiName));
        return recordMigration(db, apiName, current.version(), current.version() + 1,
                List.of("delete object " + apiName), actor, now());
    }

    public Migration migration(TenantDatabase db, String id) {
        Document doc = db.collection(MIGRATIONS).find(Filters.eq("_id", id)).first();
        if (doc == null) {
            throw new QuanyuException(ErrorCode.MIGRATION_NOT_FOUND, Map.of("migration", id));
        }
        return migration(doc);
    }

    public List<Migration> migrations(TenantDatabase db, String apiName) {
        var filter = apiName == null ? new Document() : Filters.eq("object", apiName);
        return db.collection(MIGRATIONS).find(filter).sort(new Document("at", 1)).map(MetadataService::migration)
                .into(new ArrayList<>());
    }

    private void checkQuotas(TenantDatabase db, ObjectType type, Quotas quotas, boolean creating) {
        if (type.fields().size() > quotas.maxFieldsPerObject()) {
            throw new QuanyuException(ErrorCode.QUOTA_EXCEEDED, Map.of("limit", quotas.maxFieldsPerObject(),
                    "resource", "fields per object"));
        }
        long custom = db.collection(OBJECTS).countDocuments(Filters.ne("definition.standard", true));
        if (creating && custom >= quotas.maxObjectTypes()) {
            throw new QuanyuException(ErrorCode.QUOTA_EXCEEDED, Map.of("limit", quotas.maxObjectTypes(),
                    "resource", "object types"));
        }
    }

    private Migration recordMigration(TenantDatabase db, String api, long from, long to, List<String> steps,
                                      String actor, Instant at) {
        var migration = new Migration(UUID.randomUUID().toString(), api, from, to, steps, Migration.Status.DONE,
                0, 0, null, actor, at, at);
        db.collection(MIGRATIONS).insertOne(migrationDocument(migration));
        return migration;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * Writes a new definition over the stored one, with its {@code ObjectChanged} event in the same write (an update,
     * not a replace, so events of earlier writes not relayed yet stay); drops the migration lock.
     */
    private com.mongodb.client.result.UpdateResult replace(TenantDatabase db, org.bson.conversions.Bson filter, Document next,
                                                           String how) {
        List<org.bson.conversions.Bson> sets = new ArrayList<>();
        next.forEach((field, value) -> {
            if (!field.equals("_id")) {
                sets.add(Updates.set(field, value));
            }
        });
        sets.add(Updates.unset("migrating"));
        sets.add(Outbox.push(List.of(objectChanged(next.getString("_id"), next.get("version", Number.class).longValue(),
                how, next.getDate("updatedAt").toInstant()))));
        return db.collection(OBJECTS).updateOne(filter, Updates.combine(sets));
    }

    private static Document objectChanged(String object, long version, String how, Instant at) {
        return Outbox.entry(DomainEvent.OBJECT_CHANGED, "object:" + object, at,
                Map.of("object", object, "version", version, "how", how));
    }

    static Document document(ObjectType type, long version, Instant at, String actor) {
        return new Document("_id", type.apiName())
                .append("definition", Document.parse(ObjectTypeParser.toJson(type).toString()))
                .append("version", version).append("updatedAt", Date.from(at)).append("updatedBy", actor);
    }

    /** Parsed definitions by their stored JSON: reading a definition is a lookup, not a parse, on the hot path. */
    private static final Map<String, ObjectType> PARSED = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, ObjectType> eldest) {
                    return size() > 2_000;
                }
            });

    private static ObjectInfo info(Document doc) {
        String definition = doc.get("definition", Document.class).toJson();
        ObjectType type = PARSED.computeIfAbsent(definition, d -> ObjectTypeParser.shape(JSON.readTree(d)));
        Date at = doc.getDate("updatedAt");
        return new ObjectInfo(type, doc.get("version", Number.class).longValue(), at == null ? null : at.toInstant(),
                doc.getString("updatedBy"), doc.getString("migrating"));
    }

    static Document migrationDocument(Migration m) {
        return new Document("_id", m.id()).append("object", m.object()).append("fromVersion", m.fromVersion())
                .append("toVersion", m.toVersion()).append("steps", m.steps()).append("status", m.status().name())
                .append("done", m.done()).append("total", m.total()).append("error", m.error())
                .append("by", m.by()).append("at", Date.from(m.at()))
                .append("finishedAt", m.finishedAt() == null ? null : Date.from(m.finishedAt()));
    }

    static Migration migration(Document d) {
        Date finished = d.getDate("finishedAt");
        return new Migration(d.getString("_id"), d.getString("object"), d.get("fromVersion", Number.class).longValue(),
                d.get("toVersion", Number.class).longValue(), d.getList("steps", String.class),
                Migration.Status.valueOf(d.getString("status")), d.get("done", Number.class).longValue(),
                d.get("total", Number.class).longValue(), d.getString("error"), d.getString("by"),
                d.getDate("at").toInstant(), finished == null ? null : finished.toInstant());
    }

    static QuanyuException refused(String api, String reason) {
        return new QuanyuException(ErrorCode.OBJECT_CHANGE_REFUSED, Map.of("object", api, "reason", reason));
    }

    private static QuanyuException inProgress(String api, String migration) {
        return new QuanyuException(ErrorCode.OBJECT_CHANGE_IN_PROGRESS, Map.of("object", api, "migration", migration));
    }

    MongoCollection<Document> records(TenantDatabase db, String apiName) {
        return db.collection(ObjectInfo.collectionOf(apiName));
    }
}
