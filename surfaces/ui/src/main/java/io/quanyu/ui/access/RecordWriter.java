package io.quanyu.ui.access;

import io.quanyu.core.call.CallContext;
import io.quanyu.records.Records;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Creates records of one object for a user whose right to write data was checked when the writer was made
 * ({@link TenantWorkspace#recordWriter}). It exists for a background import: that runs without the user's request,
 * so it cannot ask for the user's roles again; it keeps the tenant, user and quotas it was given.
 */
public final class RecordWriter {
    private final CallContext call;
    private final Records records;
    private final String object;

    RecordWriter(CallContext call, Records records, String object) {
        this.call = call;
        this.records = records;
        this.object = object;
    }

    public String object() {
        return object;
    }

    /** One record, validated and counted against the record quota by the records layer, in one write. */
    public ObjectNode create(JsonNode input) {
        return records.create(call, object, input);
    }
}
