package io.quanyu.ui.access;

import io.quanyu.records.RecordService;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Creates records of one object for a user whose right to write data was checked when the writer was made
 * ({@link TenantWorkspace#recordWriter}). It exists for a background import: that runs without the user's request,
 * so it cannot ask for the user's roles again; it keeps the tenant, user and quotas it was given.
 */
public final class RecordWriter {
    private final Workspace workspace;
    private final RecordService records;
    private final String object;

    RecordWriter(Workspace workspace, RecordService records, String object) {
        this.workspace = workspace;
        this.records = records;
        this.object = object;
    }

    public String object() {
        return object;
    }

    /** One record, validated and counted against the record quota by the records layer, in one write. */
    public ObjectNode create(JsonNode input) {
        return records.create(workspace.database(), object, input, workspace.context().username(), workspace.quotas());
    }
}
