package io.quanyu.ui.access;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantAccess;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.objects.schema.RecordSchemaGenerator;
import io.quanyu.objects.schema.ObjectTypeParser;
import io.quanyu.records.FieldVisibility;
import io.quanyu.records.MetadataService;
import io.quanyu.records.Migration;
import io.quanyu.records.ObjectInfo;
import io.quanyu.records.Page;
import io.quanyu.records.RecordQuery;
import io.quanyu.records.RecordService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every read and write the builder makes, each checked against the signed-in user's roles here, on the server, for
 * every call: hidden buttons are a courtesy, this is the rule. The same role sets as the REST API: tenant admins and
 * builders change the model; they and integrators write data; viewers read.
 */
public class TenantWorkspace {

    private final CurrentTenant current;
    private final MetadataService metadata;
    private final RecordService records;

    public TenantWorkspace(CurrentTenant current, MetadataService metadata, RecordService records) {
        this.current = current;
        this.metadata = metadata;
        this.records = records;
    }

    public TenantContext user() {
        return current.workspace().context();
    }

    public boolean canChangeModel() {
        return TenantAccess.CHANGE_MODEL.allows(user());
    }

    public boolean canWriteData() {
        return TenantAccess.WRITE_DATA.allows(user());
    }

    public List<ObjectInfo> objects() {
        return metadata.list(require(TenantAccess.READ).database());
    }

    public ObjectType object(String apiName) {
        return metadata.get(require(TenantAccess.READ).database(), apiName).type();
    }

    public JsonNode schema(String apiName) {
        return RecordSchemaGenerator.generate(object(apiName));
    }

    /** The object as one of the tenant's users sees it now: definition, version and the migration under way. */
    public ObjectInfo info(String apiName) {
        return metadata.get(require(TenantAccess.READ).database(), apiName);
    }

    /** The object's definition as the metadata API writes it, the starting point of an edit. */
    public ObjectNode definition(String apiName) {
        return (ObjectNode) ObjectTypeParser.toJson(object(apiName));
    }

    /** Replaces the object's definition; a change that needs work on records answers a {@code RUNNING} migration. */
    public Migration changeObject(String apiName, JsonNode definition) {
        Workspace w = require(TenantAccess.CHANGE_MODEL);
        return metadata.change(w.database(), apiName, definition, w.context().username(), w.quotas());
    }

    /** The object's change history, oldest first. */
    public List<Migration> migrations(String apiName) {
        return metadata.migrations(require(TenantAccess.READ).database(), apiName);
    }

    public Migration migration(String id) {
        return metadata.migration(require(TenantAccess.READ).database(), id);
    }

    public ObjectInfo createObject(JsonNode definition) {
        Workspace w = require(TenantAccess.CHANGE_MODEL);
        return metadata.create(w.database(), definition, w.context().username(), w.quotas());
    }

    public Page query(String object, RecordQuery query) {
        Workspace w = require(TenantAccess.READ);
        ObjectType type = metadata.get(w.database(), object).type();
        Set<String> roles = roleNames(w.context());
        FieldVisibility.checkQuery(type, query.filter(), query.sort(), roles);
        Page page = records.query(w.database(), object, query);
        page.records().forEach(r -> FieldVisibility.strip(type, r, roles));
        return page;
    }

    public ObjectNode createRecord(String object, JsonNode input) {
        Workspace w = require(TenantAccess.WRITE_DATA);
        return records.create(w.database(), object, input, w.context().username(), w.quotas());
    }

    public ObjectNode updateRecord(String object, String id, JsonNode patch) {
        Workspace w = require(TenantAccess.WRITE_DATA);
        return records.update(w.database(), object, id, patch, w.context().username());
    }

    public void deleteRecord(String object, String id) {
        Workspace w = require(TenantAccess.WRITE_DATA);
        records.delete(w.database(), object, id, w.context().username());
    }

    /**
     * A writer of the object's records for a background import, made only for a user who may write data now; the
     * import runs without the user's request, so this check, at its start, is the one that holds for it.
     */
    public RecordWriter recordWriter(String object) {
        Workspace w = require(TenantAccess.WRITE_DATA);
        metadata.get(w.database(), object);
        return new RecordWriter(w, records, object);
    }

    private Workspace require(TenantAccess access) {
        return require(current, access);
    }

    /** The user's workspace when {@code access} allows them; {@code PERMISSION_DENIED} otherwise. */
    static Workspace require(CurrentTenant current, TenantAccess access) {
        Workspace w = current.workspace();
        if (!access.allows(w.context())) {
            throw new QuanyuException(ErrorCode.PERMISSION_DENIED, Map.of());
        }
        return w;
    }

    private static Set<String> roleNames(TenantContext context) {
        return context.roles().stream().map(Role::claimValue).collect(Collectors.toUnmodifiableSet());
    }
}
