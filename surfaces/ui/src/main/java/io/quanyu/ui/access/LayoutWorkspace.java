package io.quanyu.ui.access;

import io.quanyu.core.tenant.TenantAccess;
import io.quanyu.records.RecordLayout;
import io.quanyu.records.Records;

import java.util.Optional;

/**
 * The record layouts (form sections, list columns) through the guarded {@link Records} service with the signed-in
 * user's call: every tenant role reads a layout (the records screen uses it), only tenant admins and builders change
 * it, as they change the model.
 */
public class LayoutWorkspace {
    private final CurrentTenant current;
    private final Records records;

    public LayoutWorkspace(CurrentTenant current, Records records) {
        this.current = current;
        this.records = records;
    }

    public boolean canEdit() {
        return TenantAccess.CHANGE_MODEL.allows(current.workspace().context());
    }

    /** The object's layout fitted to its fields now; empty when it uses the default (all fields, metadata order). */
    public Optional<RecordLayout> layout(String object) {
        return records.layout(current.workspace().call(), object);
    }

    public RecordLayout save(String object, RecordLayout layout) {
        return records.saveLayout(current.workspace().call(), object, layout);
    }

    public void reset(String object) {
        records.resetLayout(current.workspace().call(), object);
    }
}
