package io.quanyu.records;

import io.quanyu.core.call.CallContext;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.TenantAccess;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.objects.schema.ObjectTypeParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A tenant's object model and records as one call may see and change them: the guarded service that the REST API,
 * GraphQL, the builder and the services handed to plugins all call. It checks {@link TenantAccess} for the call
 * (every tenant role reads; data writers write records; tenant admins and builders change the model) and applies
 * field read restrictions ({@code readRoles}) to every record it answers and every filter or sort it is given, so no
 * surface has to remember them.
 */
public final class Records {
    private final MongoTenantDatabases databases;
    private final MetadataService metadata;
    private final RecordService records;
    private final RecordSearch search;
    private final RecordLayouts layouts;

    public Records(MongoTenantDatabases databases, MetadataService metadata, RecordService records, RecordSearch search,
                   RecordLayouts layouts) {
        this.databases = databases;
        this.metadata = metadata;
        this.records = records;
        this.search = search;
        this.layouts = layouts;
    }

    /** With layouts stamped by the system clock (tools and tests that do not read layouts' times). */
    public Records(MongoTenantDatabases databases, MetadataService metadata, RecordService records, RecordSearch search) {
        this(databases, metadata, records, search, new RecordLayouts(metadata, java.time.Clock.systemUTC()));
    }

    // ---- the model

    public List<ObjectInfo> objects(CallContext call) {
        return metadata.list(db(call, TenantAccess.READ));
    }

    public ObjectInfo object(CallContext call, String apiName) {
        return metadata.get(db(call, TenantAccess.READ), apiName);
    }

    /** The object, if the tenant has one by that name. */
    public java.util.Optional<ObjectInfo> findObject(CallContext call, String apiName) {
        return metadata.find(db(call, TenantAccess.READ), apiName);
    }

    public ObjectInfo createObject(CallContext call, JsonNode definition) {
        TenantDatabase db = db(call, TenantAccess.CHANGE_MODEL);
        claimsNoPlugin(definition);
        return metadata.create(db, definition, call.actor(), call.quotas());
    }

    /**
     * Replaces the definition; a change that needs work on records answers a {@code RUNNING} migration. A plugin's
     * type changes only with the plugin ({@code OBJECT_MANAGED_BY_PLUGIN}).
     */
    public Migration changeObject(CallContext call, String apiName, JsonNode definition) {
        TenantDatabase db = db(call, TenantAccess.CHANGE_MODEL);
        owned(call, metadata.get(db, apiName).type());
        claimsNoPlugin(definition);
        return metadata.change(db, apiName, definition, call.actor(), call.quotas());
    }

    /**
     * Refuses a change to a plugin's object type or to its records by anyone but that plugin: its definition changes
     * when the tenant installs a newer release, its records through the plugin's own code.
     */
    private static void owned(CallContext call, ObjectType type) {
        if (type.managedBy() != null && !type.managedBy().equals(call.plugin())) {
            throw new QuanyuException(ErrorCode.OBJECT_MANAGED_BY_PLUGIN,
                    Map.of("object", type.apiName(), "plugin", type.managedBy()));
        }
    }

    /** Only the platform marks a type as a plugin's, when it installs the plugin. */
    private static void claimsNoPlugin(JsonNode definition) {
        if (definition != null && definition.has("managedBy")) {
            throw new QuanyuException(ErrorCode.OBJECT_DEFINITION_INVALID,
                    Map.of("object", definition.path("apiName").asString("?")), java.util.List.of(
                    new io.quanyu.core.error.FieldViolation("/managedBy", "readOnly",
                            "is set by the platform when it installs a plugin's object types")), null);
        }
    }

    /** Adds one field to the current definition. */
    public Migration addField(CallContext call, String apiName, JsonNode field) {
        ObjectNode definition = definition(call, apiName);
        ((ArrayNode) definition.get("fields")).add(field);
        return changeObject(call, apiName, definition);
    }

    /** Removes one field from the current definition; {@code ROUTE_NOT_FOUND} when the object has no such field. */
    public Migration removeField(CallContext call, String apiName, String field) {
        ObjectNode definition = definition(call, apiName);
        ArrayNode fields = (ArrayNode) definition.get("fields");
        for (int i = 0; i < fields.size(); i++) {
            if (field.equals(fields.get(i).path("apiName").asString())) {
                fields.remove(i);
                return changeObject(call, apiName, definition);
            }
        }
        throw new QuanyuException(ErrorCode.ROUTE_NOT_FOUND,
                Map.of("path", "/api/v1/metadata/objects/" + apiName + "/fields/" + field));
    }

    private ObjectNode definition(CallContext call, String apiName) {
        return (ObjectNode) ObjectTypeParser.toJson(metadata.get(db(call, TenantAccess.CHANGE_MODEL), apiName).type());
    }

    public Migration deleteObject(CallContext call, String apiName) {
        TenantDatabase db = db(call, TenantAccess.CHANGE_MODEL);
        owned(call, metadata.get(db, apiName).type());
        return metadata.delete(db, apiName, call.actor());
    }

    /** The object's change history (every object's when {@code apiName} is null), oldest first. */
    public List<Migration> migrations(CallContext call, String apiName) {
        return metadata.migrations(db(call, TenantAccess.READ), apiName);
    }

    public Migration migration(CallContext call, String id) {
        return metadata.migration(db(call, TenantAccess.READ), id);
    }

    // ---- layouts: every tenant role reads them (the records screens use them); the model's owners change them

    /** The object's layout fitted to its fields now; empty when it uses the default (all fields, metadata order). */
    public java.util.Optional<RecordLayout> layout(CallContext call, String object) {
        return layouts.find(db(call, TenantAccess.READ), object);
    }

    public RecordLayout saveLayout(CallContext call, String object, RecordLayout layout) {
        return layouts.save(db(call, TenantAccess.CHANGE_MODEL), object, layout, call.actor());
    }

    public void resetLayout(CallContext call, String object) {
        layouts.reset(db(call, TenantAccess.CHANGE_MODEL), object);
    }

    // ---- records: every answer without the fields the call may not read

    public ObjectNode get(CallContext call, String object, String id, boolean includeDeleted) {
        TenantDatabase db = db(call, TenantAccess.READ);
        ObjectType type = metadata.get(db, object).type();
        return visibleTo(call, type).apply(records.read(db, type, id, includeDeleted));
    }

    /** A page of records; a filter or sort on a field the call may not read is refused as an unknown field. */
    public Page query(CallContext call, String object, RecordQuery query) {
        TenantDatabase db = db(call, TenantAccess.READ);
        ObjectType type = metadata.get(db, object).type();
        FieldVisibility.checkQuery(type, query.filter(), query.sort(), call.roleNames());
        Page page = records.query(db, type, query);
        page.records().forEach(visibleTo(call, type)::apply);
        return page;
    }

    /** How many live records match {@code filter}, counting at most {@code atMost}. */
    public long count(CallContext call, String object, JsonNode filter, long atMost) {
        TenantDatabase db = db(call, TenantAccess.READ);
        ObjectType type = metadata.get(db, object).type();
        FieldVisibility.checkQuery(type, filter, List.of(), call.roleNames());
        return records.count(db, type, filter, atMost);
    }

    /** Live records by id (for reference labels); missing ids are absent. */
    public Map<String, ObjectNode> findByIds(CallContext call, String object, Collection<String> ids) {
        TenantDatabase db = db(call, TenantAccess.READ);
        ObjectType type = metadata.get(db, object).type();
        Map<String, ObjectNode> found = records.liveByIds(db, type, ids);
        found.values().forEach(visibleTo(call, type)::apply);
        return found;
    }

    /** Full-text search, best first. */
    public List<ObjectNode> search(CallContext call, String object, String text, int size) {
        TenantDatabase db = db(call, TenantAccess.READ);
        return records.search(db, object, text, size, search).stream().map(visibleTo(call, db, object)).toList();
    }

    public ObjectNode create(CallContext call, String object, JsonNode input) {
        TenantDatabase db = db(call, TenantAccess.WRITE_DATA);
        ObjectInfo info = metadata.get(db, object);
        owned(call, info.type());
        return visibleTo(call, info.type()).apply(records.create(db, info, input, call.actor(), call.quotas()));
    }

    /**
     * Creates a record under the caller's {@code key} once: a repeat answers the record the first call made (not
     * created by this call), whatever its input.
     */
    public Created createByKey(CallContext call, String object, String key, JsonNode input) {
        TenantDatabase db = db(call, TenantAccess.WRITE_DATA);
        ObjectInfo info = metadata.get(db, object);
        owned(call, info.type());
        Created created = records.createByKey(db, info, key, input, call.actor(), call.quotas());
        return new Created(visibleTo(call, info.type()).apply(created.record()), created.created());
    }

    /**
     * {@link #createByKey} for up to 1,000 records in one read and one write, answered in order; a record the type
     * refuses fails the call before anything is written (its violations under {@code /records/<i>}).
     */
    public List<Created> createAllByKey(CallContext call, String object, List<String> keys, List<JsonNode> inputs) {
        TenantDatabase db = db(call, TenantAccess.WRITE_DATA);
        ObjectInfo info = metadata.get(db, object);
        owned(call, info.type());
        var visible = visibleTo(call, info.type());
        return records.createAllByKey(db, info, keys, inputs, call.actor(), call.quotas()).stream()
                .map(c -> new Created(visible.apply(c.record()), c.created())).toList();
    }

    /**
     * Adds {@code deltas} to number fields of a record in one atomic step if it matches {@code guard} (a filter the
     * call may read), at most once per {@code onceKey}; empty when the guard or a field's range refuses.
     */
    public java.util.Optional<ObjectNode> increment(CallContext call, String object, String id,
                                                    Map<String, java.math.BigDecimal> deltas, JsonNode guard,
                                                    String onceKey) {
        TenantDatabase db = db(call, TenantAccess.WRITE_DATA);
        ObjectType type = metadata.get(db, object).type();
        owned(call, type);
        FieldVisibility.checkQuery(type, guard, List.of(), call.roleNames());
        return records.increment(db, type, id, deltas, guard, onceKey, call.actor()).map(visibleTo(call, type));
    }

    /** A JSON merge patch applied only while the record matches {@code guard}; empty when it does not. */
    public java.util.Optional<ObjectNode> updateWhere(CallContext call, String object, String id, JsonNode guard,
                                                      JsonNode changes) {
        TenantDatabase db = db(call, TenantAccess.WRITE_DATA);
        ObjectInfo info = metadata.get(db, object);
        owned(call, info.type());
        FieldVisibility.checkQuery(info.type(), guard, List.of(), call.roleNames());
        return records.updateWhere(db, info, id, guard, changes, call.actor()).map(visibleTo(call, info.type()));
    }

    /** A JSON merge patch applied if its {@code _version} is the stored one. */
    public ObjectNode update(CallContext call, String object, String id, JsonNode patch) {
        TenantDatabase db = db(call, TenantAccess.WRITE_DATA);
        ObjectInfo info = metadata.get(db, object);
        owned(call, info.type());
        return visibleTo(call, info.type()).apply(records.update(db, info, id, patch, call.actor()));
    }

    public ObjectNode delete(CallContext call, String object, String id) {
        TenantDatabase db = db(call, TenantAccess.WRITE_DATA);
        ObjectType type = metadata.get(db, object).type();
        owned(call, type);
        return visibleTo(call, type).apply(records.delete(db, type, id, call.actor()));
    }

    public ObjectNode restore(CallContext call, String object, String id) {
        TenantDatabase db = db(call, TenantAccess.WRITE_DATA);
        ObjectType type = metadata.get(db, object).type();
        owned(call, type);
        return visibleTo(call, type).apply(records.restore(db, type, id, call.actor()));
    }

    public void purge(CallContext call, String object, String id) {
        TenantDatabase db = db(call, TenantAccess.WRITE_DATA);
        owned(call, metadata.get(db, object).type());
        records.purge(db, object, id, call.actor());
    }

    public List<BulkResult> bulkUpsert(CallContext call, String object, JsonNode input, String key) {
        TenantDatabase db = db(call, TenantAccess.WRITE_DATA);
        owned(call, metadata.get(db, object).type());
        return records.bulkUpsert(db, object, input, key, call.actor(), call.quotas());
    }

    /** The tenant's records of all objects, as counted against its {@code maxRecords} quota. */
    public long recordCount(CallContext call) {
        return records.recordCount(db(call, TenantAccess.READ));
    }

    /** Removes from records of {@code object} the fields the call may not read (one metadata read). */
    public UnaryOperator<ObjectNode> visibleTo(CallContext call, String object) {
        TenantDatabase db = db(call, TenantAccess.READ);
        return visibleTo(call, db, object);
    }

    private UnaryOperator<ObjectNode> visibleTo(CallContext call, TenantDatabase db, String object) {
        return visibleTo(call, metadata.get(db, object).type());
    }

    private static UnaryOperator<ObjectNode> visibleTo(CallContext call, ObjectType type) {
        var roles = call.roleNames();
        return record -> FieldVisibility.strip(type, record, roles);
    }

    private TenantDatabase db(CallContext call, TenantAccess access) {
        return databases.forCall(call.require(access));
    }
}
