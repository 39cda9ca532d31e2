package io.quanyu.ui.access;

import io.quanyu.core.call.CallContext;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.TenantAccess;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.objects.schema.RecordSchemaGenerator;
import io.quanyu.objects.schema.ObjectTypeParser;
import io.quanyu.records.Migration;
import io.quanyu.records.ObjectInfo;
import io.quanyu.records.Page;
import io.quanyu.records.RecordQuery;
import io.quanyu.records.Records;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * Every read and write the builder makes, each checked against the signed-in user's roles here, on the server, for
 * every call: hidden buttons are a courtesy, this is the rule. The same role sets as the REST API: tenant admins and
 * builders change the model; they and integrators write data; viewers read.
 */
public class TenantWorkspace {

    private final CurrentTenant current;
    private final Records records;

    public TenantWorkspace(CurrentTenant current, Records records) {
        this.current = current;
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
        return records.objects(call());
    }

    public ObjectType object(String apiName) {
        return info(apiName).type();
    }

    public JsonNode schema(String apiName) {
        return RecordSchemaGenerator.generate(object(apiName));
    }

    /** The object as one of the tenant's users sees it now: definition, version and the migration under way. */
    public ObjectInfo info(String apiName) {
        return records.object(call(), apiName);
    }

    /** The object's definition as the metadata API writes it, the starting point of an edit. */
    public ObjectNode definition(String apiName) {
        return (ObjectNode) ObjectTypeParser.toJson(object(apiName));
    }

    /** Replaces the object's definition; a change that needs work on records answers a {@code RUNNING} migration. */
    public Migration changeObject(String apiName, JsonNode definition) {
        return records.changeObject(call(), apiName, definition);
    }

    /** The object's change history, oldest first. */
    public List<Migration> migrations(String apiName) {
        return records.migrations(call(), apiName);
    }

    public Migration migration(String id) {
        return records.migration(call(), id);
    }

    public ObjectInfo createObject(JsonNode definition) {
        return records.createObject(call(), definition);
    }

    /** A page of records without the fields the user may not read. */
    public Page query(String object, RecordQuery query) {
        return records.query(call(), object, query);
    }

    public ObjectNode createRecord(String object, JsonNode input) {
        return records.create(call(), object, input);
    }

    public ObjectNode updateRecord(String object, String id, JsonNode patch) {
        return records.update(call(), object, id, patch);
    }

    public void deleteRecord(String object, String id) {
        records.delete(call(), object, id);
    }

    /**
     * A writer of the object's records for a background import, made only for a user who may write data now; the
     * import runs without the user's request, so the call checked here is the one it keeps.
     */
    public RecordWriter recordWriter(String object) {
        CallContext call = call().require(TenantAccess.WRITE_DATA);
        records.object(call, object);
        return new RecordWriter(call, records, object);
    }

    private CallContext call() {
        return current.workspace().call();
    }

    /** The user's workspace when {@code access} allows them; {@code PERMISSION_DENIED} otherwise. */
    static Workspace require(CurrentTenant current, TenantAccess access) {
        Workspace w = current.workspace();
        if (!access.allows(w.context())) {
            throw new QuanyuException(ErrorCode.PERMISSION_DENIED, Map.of());
        }
        return w;
    }
}
