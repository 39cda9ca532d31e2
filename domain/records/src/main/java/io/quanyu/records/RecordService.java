package io.quanyu.records;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.objects.model.FieldDef;
import io.quanyu.objects.model.FieldType;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.objects.schema.RecordValidator;
import io.quanyu.outbox.Outbox;
import io.quanyu.outbox.OutboxSignal;
import org.bson.Document;
import org.bson.conversions.Bson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Records of a tenant's object types in MongoDB, one collection per object ({@code r_<object>}). Every write is one
 * single-document operation that also carries its domain event ({@code RecordCreated/Changed/Deleted}, which search
 * indexing and every other subscriber of the event seam receive), carries
 * {@code _version} for optimistic concurrency, and is validated against the object's JSON Schema first.
 */
public final class RecordService {
    static final String DELETED_AT = "_deletedAt";
    static final String PURGED_AT = "_purgedAt";
    /** The most records {@link #count} counts. */
    static final long MAX_COUNT = 1_000_000;
    static final int COUNT_SECONDS = 5;
    private static final Pattern DUPLICATE_INDEX = Pattern.compile("index: u_([A-Za-z0-9_]+)");

    private final MetadataService metadata;
    private final Clock clock;
    private final RecordRules rules;
    private final RecordEvents events;
    private final GuardedWrites guarded;
    /** Compiled validators by object definition (compiling a JSON Schema costs far more than using it). */
    private final Map<ObjectType, RecordValidator> validators = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<ObjectType, RecordValidator> eldest) {
                    return size() > 2_000;
                }
            });

    /** Without a relay on this node: the event seam's sweep sends the records' events on. */
    public RecordService(MetadataService metadata, Clock clock) {
        this(metadata, clock, OutboxSignal.NONE);
    }

    /** {@code signal}: this node's event seam, told of every write so its events leave at once. */
    public RecordService(MetadataService metadata, Clock clock, OutboxSignal signal) {
        this.metadata = metadata;
        this.clock = clock;
        this.events = new RecordEvents(clock, signal);
        this.rules = new RecordRules(metadata, events);
        this.guarded = new GuardedWrites(this, clock);
    }

    public ObjectNode create(TenantDatabase db, String object, JsonNode input, String actor, Quotas quotas) {
        return create(db, metadata.get(db, object), input, actor, quotas);
    }

    /** {@link #create} for a caller that read the object's definition already. */
    ObjectNode create(TenantDatabase db, ObjectInfo info, JsonNode input, String actor, Quotas quotas) {
        String id = UUID.randomUUID().toString().replace("-", "");
        return insert(db, info, id, input, actor, quotas);
    }

    /**
     * Creates a record under an id the caller chose (32 lower-case hex characters, as generated ids are), for
     * callers that must claim something under the id before the record exists (customer 360 identities).
     */
    public ObjectNode create(TenantDatabase db, String object, String id, JsonNode input, String actor, Quotas quotas) {
        if (id == null || !id.matches("[0-9a-f]{32}")) {
            throw new IllegalArgumentException("record ids are 32 lower-case hex characters");
        }
        return insert(db, metadata.get(db, object), id, input, actor, quotas);
    }

    private ObjectNode insert(TenantDatabase db, ObjectInfo info, String id, JsonNode input, String actor, Quotas quotas) {
        ObjectType type = info.type();
        RecordValidator validator = validator(type);
        ObjectNode record = requireObject(type, input).deepCopy();
        validator.applyDefaults(record);
        ObjectNode valid = validator.validate(record);
        rules.checkReferences(db, type, valid);
        Document doc = BsonMapping.fields(type, valid);
        assignAutoNumbers(db, type, doc);
        Date now = new Date(clock.millis());
        doc.append("_id", id).append("_version", 1L).append("_createdAt", now).append("_createdBy", actor)
                .append("_updatedAt", now).append("_updatedBy", actor).append("_schema", info.version())
                .append(Outbox.FIELD, List.of(events.created(type.apiName(), id)));
        Usage.reserveRecord(db, quotas);
        try {
            collection(db, type).insertOne(doc);
        } catch (MongoWriteException e) {
            Usage.releaseRecord(db);
            throw duplicate(type, e);
        }
        events.written(db, type.apiName(), id);
        return BsonMapping.toJson(type, doc);
    }

    /**
     * Creates a record under the caller's {@code key} once (see {@link #keyedId}); a second call with the same key
     * creates nothing and answers the record the first one made, as it is now (deleted ones included).
     */
    Created createByKey(TenantDatabase db, ObjectInfo info, String key, JsonNode input, String actor, Quotas quotas) {
        ObjectType type = info.type();
        String id = keyedId(type, key);
        Document existing = stored(db, type, id);
        if (existing != null) {
            return new Created(BsonMapping.toJson(type, existing), false);
        }
        try {
            return new Created(insert(db, info, id, input, actor, quotas), true);
        } catch (QuanyuException e) {
            Document raced = e.code() == ErrorCode.RECORD_DUPLICATE && "_id".equals(e.details().get("field"))
                    ? stored(db, type, id) : null;
            if (raced == null) {
                throw e;
            }
            return new Created(BsonMapping.toJson(type, raced), false);
        }
    }

    /**
     * {@link #createByKey} for many records with one read and one unordered write: every record is checked first,
     * and one the type refuses fails the call with its index ({@code /records/<i>/...}) before anything is written;
     * a key already used answers the record it made ({@code created} false), a key twice in the call the first one's.
     * A record another unique field refuses fails the call after the others were written, so the same call again
     * creates only what is missing.
     */
    List<Created> createAllByKey(TenantDatabase db, ObjectInfo info, List<String> keys, List<JsonNode> inputs,
                                 String actor, Quotas quotas) {
        ObjectType type = info.type();
        if (keys.size() != inputs.size() || keys.size() > BulkUpsert.MAX) {
            throw new QuanyuException(ErrorCode.REQUEST_VALIDATION_FAILED, Map.of(), List.of(new FieldViolation(
                    "/records", "size", "must hold at most " + BulkUpsert.MAX + " records")), null);
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            try {
                ids.add(keyedId(type, keys.get(i)));
            } catch (QuanyuException e) {
                throw at(e, "/records/" + i);
            }
        }
        Map<String, Document> existing = new java.util.HashMap<>();
        collection(db, type).find(Filters.and(Filters.in("_id", new java.util.HashSet<>(ids)),
                Filters.exists(PURGED_AT, false))).forEach(d -> existing.put(d.getString("_id"), d));
        List<Integer> fresh = new ArrayList<>();
        List<Document> docs = new ArrayList<>();
        List<String> freshIds = new ArrayList<>();
        java.util.Set<String> claimed = new java.util.HashSet<>(existing.keySet());
        List<FieldViolation> refused = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (!claimed.add(ids.get(i))) {
                continue;
            }
            try {
                docs.add(prepareNew(db, type, inputs.get(i)));
                fresh.add(i);
                freshIds.add(ids.get(i));
            } catch (QuanyuException e) {
                String base = "/records/" + i;
                e.violations().forEach(v -> refused.add(new FieldViolation(base + v.pointer(), v.code(), v.message())));
                if (e.violations().isEmpty()) {
                    refused.add(new FieldViolation(base, e.code().name(), e.getMessage()));
                }
            }
        }
        if (!refused.isEmpty()) {
            throw new QuanyuException(ErrorCode.RECORD_VALIDATION_FAILED, Map.of("object", type.apiName()), refused, null);
        }
        List<QuanyuException> errors = docs.isEmpty() ? List.of() : insertAll(db, info, docs, freshIds, actor, quotas);
        Map<String, ObjectNode> made = new java.util.HashMap<>();
        QuanyuException failure = null;
        for (int j = 0; j < fresh.size(); j++) {
            QuanyuException error = errors.get(j);
            if (error == null) {
                made.put(freshIds.get(j), BsonMapping.toJson(type, docs.get(j)));
            } else if (error.code() == ErrorCode.RECORD_DUPLICATE && "_id".equals(error.details().get("field"))) {
                Document raced = stored(db, type, freshIds.get(j));
                if (raced != null) {
                    existing.put(freshIds.get(j), raced);
                }
            } else if (failure == null) {
                failure = at(error, "/records/" + fresh.get(j));
            }
        }
        if (failure != null) {
            throw failure;
        }
        List<Created> out = new ArrayList<>();
        java.util.Set<String> answered = new java.util.HashSet<>();
        for (String id : ids) {
            ObjectNode created = made.get(id);
            if (created != null && answered.add(id)) {
                out.add(new Created(created, true));
            } else {
                out.add(new Created(created != null ? created : BsonMapping.toJson(type, existing.get(id)), false));
            }
        }
        return out;
    }

    /** The error with its violations moved under {@code base} (the record's place in a batch). */
    private static QuanyuException at(QuanyuException e, String base) {
        List<FieldViolation> moved = e.violations().stream()
                .map(v -> new FieldViolation(base + v.pointer(), v.code(), v.message())).toList();
        Map<String, Object> details = new java.util.LinkedHashMap<>(e.details());
        details.put("record", base);
        return new QuanyuException(e.code(), details, moved, e);
    }

    /**
     * The id of the record created under a caller's key: 32 hex characters of the key's SHA-256, the shape of every
     * record id, so two nodes racing on one key collide on the id and one of them wins.
     */
    static String keyedId(ObjectType type, String key) {
        if (key == null || key.isEmpty() || key.length() > GuardedWrites.MAX_KEY_LENGTH) {
            throw GuardedWrites.invalidKey(type, "/key", key);
        }
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(("record-key\n" + key).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(hash, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * How many live records of a type the caller already read match {@code filter}, counting at most
     * {@code atMost} (1 to {@value #MAX_COUNT}) within {@value #COUNT_SECONDS} s.
     */
    long count(TenantDatabase db, ObjectType type, JsonNode filter, long atMost) {
        if (atMost < 1 || atMost > MAX_COUNT) {
            throw QueryTranslator.invalid("/atMost", "range", "count 1 to " + MAX_COUNT + " records");
        }
        Bson live = Filters.and(QueryTranslator.translate(type, filter), Filters.exists(PURGED_AT, false),
                Filters.exists(DELETED_AT, false));
        try {
            return collection(db, type).countDocuments(live, new com.mongodb.client.model.CountOptions()
                    .limit((int) atMost).maxTime(COUNT_SECONDS, java.util.concurrent.TimeUnit.SECONDS));
        } catch (com.mongodb.MongoExecutionTimeoutException e) {
            throw new QuanyuException(ErrorCode.QUERY_TIMEOUT, Map.of("limit", COUNT_SECONDS + " s"));
        }
    }

    /**
     * Adds {@code deltas} to number fields of a record of a type the caller already read, in one step, if it matches
     * {@code guard} (see {@link GuardedWrites#increment}); empty when the guard or a field's range refuses.
     */
    java.util.Optional<ObjectNode> increment(TenantDatabase db, ObjectType type, String id,
                                             Map<String, java.math.BigDecimal> deltas, JsonNode guard, String onceKey,
                                             String actor) {
        return guarded.increment(db, type, id, deltas, guard, onceKey, actor);
    }

    /** Applies a merge patch only while the record matches {@code guard} (see {@link GuardedWrites#updateWhere}). */
    java.util.Optional<ObjectNode> updateWhere(TenantDatabase db, ObjectInfo info, String id, JsonNode guard,
                                               JsonNode changes, String actor) {
        return guarded.updateWhere(db, info, id, guard, requireObject(info.type(), changes), actor);
    }

    /** Validates a whole record of the type (formulas computed) and checks its references. */
    ObjectNode validated(TenantDatabase db, ObjectType type, ObjectNode record) {
        ObjectNode valid = validator(type).validate(record);
        rules.checkReferences(db, type, valid);
        return valid;
    }

    RecordEvents events() {
        return events;
    }

    public ObjectNode get(TenantDatabase db, String object, String id, boolean includeDeleted) {
        return read(db, metadata.get(db, object).type(), id, includeDeleted);
    }

    /** The records of {@code object} with these ids that exist and are not deleted, by id: one read by key. */
    public Map<String, ObjectNode> getAll(TenantDatabase db, String object, java.util.Collection<String> ids) {
        ObjectType type = metadata.get(db, object).type();
        Map<String, ObjectNode> out = new java.util.HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        for (Document d : collection(db, type).find(Filters.in("_id", ids))) {
            if (d.get(PURGED_AT) == null && d.get(DELETED_AT) == null) {
                out.put(d.getString("_id"), BsonMapping.toJson(type, d));
            }
        }
        return out;
    }

    /** The stored document of a record that is not purged (deleted ones included), or null. */
    Document stored(TenantDatabase db, ObjectType type, String id) {
        return collection(db, type).find(Filters.and(Filters.eq("_id", id), Filters.exists(PURGED_AT, false))).first();
    }

    /** A record of a type the caller already read (one metadata read less for the guarded service). */
    ObjectNode read(TenantDatabase db, ObjectType type, String id, boolean includeDeleted) {
        Document doc = stored(db, type, id);
        if (doc == null || (!includeDeleted && doc.get(DELETED_AT) != null)) {
            throw notFound(type, id);
        }
        return BsonMapping.toJson(type, doc);
    }

    /**
     * Applies a JSON merge patch (a field set to null is cleared) if {@code _version} in the patch is the stored
     * version; a stale version is {@code VERSION_CONFLICT}.
     */
    public ObjectNode update(TenantDatabase db, String object, String id, JsonNode patch, String actor) {
        return update(db, metadata.get(db, object), id, patch, actor);
    }

    /** {@link #update} for a caller that read the object's definition already. */
    ObjectNode update(TenantDatabase db, ObjectInfo info, String id, JsonNode patch, String actor) {
        ObjectType type = info.type();
        ObjectNode changes = requireObject(type, patch).deepCopy();
        JsonNode versionNode = changes.remove("_version");
        if (versionNode == null || !versionNode.canConvertToLong()) {
            throw new QuanyuException(ErrorCode.RECORD_VALIDATION_FAILED, Map.of("object", type.apiName()),
                    List.of(new FieldViolation("/_version", "required", "the version you read is required")), null);
        }
        long expected = versionNode.longValue();
        ObjectNode current = read(db, type, id, false);
        ObjectNode merged = clientFields(type, current);
        changes.properties().forEach(e -> merged.set(e.getKey(), e.getValue()));
        ObjectNode valid = validator(type).validate(merged);
        rules.checkReferences(db, type, valid);
        return replaceFields(db, info, id, expected, valid, actor, changes.propertyNames());
    }

    private ObjectNode replaceFields(TenantDatabase db, ObjectInfo info, String id, long expected, ObjectNode valid,
                                     String actor, java.util.Collection<String> changed) {
        ObjectType type = info.type();
        return applyVersioned(db, type, id, expected, replacement(info, id, expected, valid, actor, changed), false);
    }

    /** The update that sets a record's fields to {@code valid} (absent ones unset), making it {@code expected + 1}. */
    Bson replacement(ObjectInfo info, String id, long expected, ObjectNode valid, String actor,
                     java.util.Collection<String> changed) {
        ObjectType type = info.type();
        Document fields = BsonMapping.fields(type, valid);
        List<Bson> updates = new ArrayList<>();
        for (FieldDef f : type.fields()) {
            if (f.type() == FieldType.AUTO_NUMBER) {
                continue;
            }
            updates.add(fields.containsKey(f.apiName()) ? Updates.set(f.apiName(), fields.get(f.apiName()))
                    : Updates.unset(f.apiName()));
        }
        updates.addAll(stamp(actor, info.version()));
        updates.add(events.changed(type.apiName(), id, expected + 1, changed));
        return Updates.combine(updates);
    }

    private ObjectNode applyVersioned(TenantDatabase db, ObjectType type, String id, long expected, Bson update,
                                      boolean deleted) {
        Document after = applyIf(db, type, Filters.and(Filters.eq("_id", id), Filters.eq("_version", expected),
                Filters.exists(DELETED_AT, deleted)), update);
        if (after == null) {
            throw conflictOrMissing(db, type, id, deleted);
        }
        return BsonMapping.toJson(type, after);
    }

    /**
     * Applies {@code update} to the one record {@code filter} selects (never a purged one) and answers it after the
     * update, or null when none matched; a unique field's clash is {@code RECORD_DUPLICATE}.
     */
    Document applyIf(TenantDatabase db, ObjectType type, Bson filter, Bson update) {
        try {
            Document after = collection(db, type).findOneAndUpdate(Filters.and(filter, Filters.exists(PURGED_AT, false)),
                    update, new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
            if (after != null) {
                events.written(db, type.apiName(), after.getString("_id"));
            }
            return after;
        } catch (MongoWriteException e) {
            throw duplicate(type, e);
        }
    }

    private List<Bson> stamp(String actor, long schemaVersion) {
        return List.of(Updates.inc("_version", 1L), Updates.set("_updatedAt", new Date(clock.millis())),
                Updates.set("_updatedBy", actor), Updates.set("_schema", schemaVersion));
    }

    /** Soft-deletes a record after applying the delete rules of every relation that points at it. */
    public ObjectNode delete(TenantDatabase db, String object, String id, String actor) {
        return delete(db, metadata.get(db, object).type(), id, actor);
    }

    /** {@link #delete} for a caller that read the object's definition already. */
    ObjectNode delete(TenantDatabase db, ObjectType type, String id, String actor) {
        ObjectNode current = read(db, type, id, false);
        rules.applyDeleteRules(db, type, id, actor, this::softDelete);
        return softDelete(db, type, id, current.path("_version").longValue(), actor);
    }

    ObjectNode softDelete(TenantDatabase db, ObjectType type, String id, long version, String actor) {
        var update = Updates.combine(Updates.set(DELETED_AT, new Date(clock.millis())), Updates.inc("_version", 1L),
                Updates.set("_updatedAt", new Date(clock.millis())), Updates.set("_updatedBy", actor),
                events.deleted(type.apiName(), id, version + 1, "deleted"));
        return applyVersioned(db, type, id, version, update, false);
    }

    public ObjectNode restore(TenantDatabase db, String object, String id, String actor) {
        return restore(db, metadata.get(db, object).type(), id, actor);
    }

    /** {@link #restore} for a caller that read the object's definition already. */
    ObjectNode restore(TenantDatabase db, ObjectType type, String id, String actor) {
        ObjectNode current = read(db, type, id, true);
        if (!current.has("_deletedAt")) {
            return current;
        }
        rules.checkReferences(db, type, clientFields(type, current));
        var update = Updates.combine(Updates.unset(DELETED_AT), Updates.inc("_version", 1L),
                Updates.set("_updatedAt", new Date(clock.millis())), Updates.set("_updatedBy", actor),
                events.changed(type.apiName(), id, current.path("_version").longValue() + 1,
                        List.of(DELETED_AT)));
        return applyVersioned(db, type, id, current.path("_version").longValue(), update, true);
    }

    /** Removes a soft-deleted record for good: gone for reads now, from search and storage when the indexer has its event. */
    public void purge(TenantDatabase db, String object, String id, String actor) {
        ObjectType type = metadata.get(db, object).type();
        var filter = Filters.and(Filters.eq("_id", id), Filters.exists(DELETED_AT), Filters.exists(PURGED_AT, false));
        var update = Updates.combine(Updates.set(PURGED_AT, new Date(clock.millis())),
                Updates.set("_updatedBy", actor), events.deleted(type.apiName(), id, null, "purged"));
        if (collection(db, type).updateOne(filter, update).getModifiedCount() == 0) {
            read(db, type, id, true);
            throw new QuanyuException(ErrorCode.RECORD_VALIDATION_FAILED, Map.of("object", type.apiName()),
                    List.of(new FieldViolation("/_deletedAt", "notDeleted", "delete the record before purging it")), null);
        }
        Usage.releaseRecord(db);
        events.written(db, type.apiName(), id);
    }

    /**
     * Creates or updates up to {@value BulkUpsert#MAX} records, matched on {@code key} ({@code _id} or a unique
     * field); each gets its own result, and one failing record does not stop the others.
     */
    public List<BulkResult> bulkUpsert(TenantDatabase db, String object, JsonNode records, String key, String actor,
                                       Quotas quotas) {
        return new BulkUpsert(this, metadata, db, object, key, actor, quotas).run(records);
    }

    /** Merges {@code changes} into an existing record (read in the same bulk call) under its version check. */
    ObjectNode updateExisting(TenantDatabase db, ObjectInfo info, Document existing, JsonNode changes, String actor) {
        ObjectType type = info.type();
        ObjectNode merged = clientFields(type, BsonMapping.toJson(type, existing));
        requireObject(type, changes).properties().forEach(e -> merged.set(e.getKey(), e.getValue()));
        ObjectNode valid = validator(type).validate(merged);
        rules.checkReferences(db, type, valid);
        return replaceFields(db, info, existing.getString("_id"), existing.get("_version", Number.class).longValue(),
                valid, actor, requireObject(type, changes).propertyNames());
    }

    /** The tenant's records of all objects, as counted against its {@code maxRecords} quota. */
    public long recordCount(TenantDatabase db) {
        return Usage.records(db);
    }

    public Page query(TenantDatabase db, String object, RecordQuery query) {
        return query(db, metadata.get(db, object).type(), query);
    }

    /** A page of a type the caller already read. */
    Page query(TenantDatabase db, ObjectType type, RecordQuery query) {
        return new PageReader(type, collection(db, type)).read(query);
    }

    /** Live records by id, in one query (for batched reference loading); missing ids are absent from the map. */
    public Map<String, ObjectNode> findByIds(TenantDatabase db, String object, java.util.Collection<String> ids) {
        return liveByIds(db, metadata.get(db, object).type(), ids);
    }

    /** Live records of a type the caller already read, by id. */
    Map<String, ObjectNode> liveByIds(TenantDatabase db, ObjectType type, java.util.Collection<String> ids) {
        Map<String, ObjectNode> found = new java.util.HashMap<>();
        collection(db, type).find(Filters.and(Filters.in("_id", ids), Filters.exists(DELETED_AT, false),
                Filters.exists(PURGED_AT, false))).forEach(d -> found.put(d.getString("_id"), BsonMapping.toJson(type, d)));
        return found;
    }

    /** Full-text search: the best matches from the search index, read back from MongoDB, best first. */
    public List<ObjectNode> search(TenantDatabase db, String object, String text, int size, RecordSearch search) {
        ObjectType type = metadata.get(db, object).type();
        if (text == null || text.isBlank() || text.length() > 200 || size < 1 || size > RecordQuery.MAX_PAGE) {
            throw QueryTranslator.invalid("/q", "length", "give 1 to 200 characters and at most "
                    + RecordQuery.MAX_PAGE + " results");
        }
        List<String> ids = search.search(db.tenant(), type, text, size);
        Map<String, ObjectNode> found = liveByIds(db, type, ids);
        return ids.stream().map(found::get).filter(java.util.Objects::nonNull).toList();
    }

    private void assignAutoNumbers(TenantDatabase db, ObjectType type, Document doc) {
        assignAutoNumbers(db, type, List.of(doc));
    }

    private void assignAutoNumbers(TenantDatabase db, ObjectType type, List<Document> docs) {
        for (FieldDef f : type.fields()) {
            if (f.type() == FieldType.AUTO_NUMBER && !docs.isEmpty()) {
                long next = Usage.nextRange(db, type.apiName() + "." + f.apiName(), docs.size());
                int digits = f.digits() == null ? 6 : f.digits();
                for (Document doc : docs) {
                    doc.append(f.apiName(), (f.prefix() == null ? "" : f.prefix()) + String.format("%0" + digits + "d", next++));
                }
            }
        }
    }

    /** Validates a new record (defaults applied) and returns its document without platform fields. */
    Document prepareNew(TenantDatabase db, ObjectType type, JsonNode input) {
        ObjectNode record = requireObject(type, input).deepCopy();
        RecordValidator validator = validator(type);
        validator.applyDefaults(record);
        ObjectNode valid = validator.validate(record);
        rules.checkReferences(db, type, valid);
        return BsonMapping.fields(type, valid);
    }

    /**
     * Inserts prepared documents in one unordered write (quota reserved for all first); returns, per document,
     * null when inserted or the error that refused it.
     */
    List<QuanyuException> insertAll(TenantDatabase db, ObjectInfo info, List<Document> docs, List<String> ids,
                                    String actor, Quotas quotas) {
        ObjectType type = info.type();
        Usage.reserveRecords(db, quotas, docs.size());
        assignAutoNumbers(db, type, docs);
        Date now = new Date(clock.millis());
        for (int i = 0; i < docs.size(); i++) {
            docs.get(i).append("_id", ids.get(i)).append("_version", 1L).append("_createdAt", now).append("_createdBy", actor)
                    .append("_updatedAt", now).append("_updatedBy", actor).append("_schema", info.version())
                    .append(Outbox.FIELD, List.of(events.created(type.apiName(), ids.get(i))));
        }
        List<QuanyuException> errors = new ArrayList<>(java.util.Collections.nCopies(docs.size(), null));
        try {
            collection(db, type).insertMany(docs, new com.mongodb.client.model.InsertManyOptions().ordered(false));
        } catch (com.mongodb.MongoBulkWriteException e) {
            for (var error : e.getWriteErrors()) {
                errors.set(error.getIndex(), error.getCode() == 11000 ? duplicateOf(type, error.getMessage())
                        : new QuanyuException(ErrorCode.INTERNAL_ERROR, Map.of()));
            }
            Usage.releaseRecords(db, e.getWriteErrors().size());
        }
        for (int i = 0; i < ids.size(); i++) {
            if (errors.get(i) == null) {
                events.written(db, type.apiName(), ids.get(i));
            }
        }
        return errors;
    }

    private RecordValidator validator(ObjectType type) {
        return validators.computeIfAbsent(type, RecordValidator::of);
    }

    static ObjectNode clientFields(ObjectType type, ObjectNode record) {
        ObjectNode out = record.deepCopy();
        Set<String> drop = new HashSet<>();
        out.propertyNames().forEach(name -> {
            if (name.startsWith("_") || type.field(name).map(f -> f.type().computed()).orElse(true)) {
                drop.add(name);
            }
        });
        drop.forEach(out::remove);
        return out;
    }

    private static ObjectNode requireObject(ObjectType type, JsonNode input) {
        if (input == null || !input.isObject()) {
            throw new QuanyuException(ErrorCode.RECORD_VALIDATION_FAILED, Map.of("object", type.apiName()),
                    List.of(new FieldViolation("", "type", "a record must be a JSON object")), null);
        }
        return (ObjectNode) input;
    }

    MongoCollection<Document> collection(TenantDatabase db, ObjectType type) {
        return metadata.records(db, type.apiName());
    }

    private RuntimeException conflictOrMissing(TenantDatabase db, ObjectType type, String id, boolean deleted) {
        Document doc = stored(db, type, id);
        if (doc == null || (doc.get(DELETED_AT) != null) != deleted) {
            return notFound(type, id);
        }
        return new QuanyuException(ErrorCode.VERSION_CONFLICT, Map.of("object", type.apiName(), "id", id,
                "current", doc.get("_version", Number.class).longValue()));
    }

    static QuanyuException notFound(ObjectType type, String id) {
        return new QuanyuException(ErrorCode.RECORD_NOT_FOUND, Map.of("object", type.apiName(), "id", String.valueOf(id)));
    }

    private static RuntimeException duplicate(ObjectType type, MongoWriteException e) {
        if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
            return e;
        }
        return duplicateOf(type, e.getError().getMessage());
    }

    private static QuanyuException duplicateOf(ObjectType type, String message) {
        Matcher m = DUPLICATE_INDEX.matcher(message);
        String field = m.find() ? m.group(1) : "_id";
        return new QuanyuException(ErrorCode.RECORD_DUPLICATE, Map.of("object", type.apiName(), "field", field),
                List.of(new FieldViolation("/" + field, "unique", "another record has this value")), null);
    }
}
