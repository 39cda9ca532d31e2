package io.quanyu.ui.access;

import io.quanyu.core.tenant.TenantAccess;
import io.quanyu.records.RecordLayout;
import io.quanyu.records.RecordLayouts;

import java.util.Optional;

/**
 * Every read and write of the record layouts (form sections, list columns), each checked against the signed-in
 * user's roles on every call: every tenant role reads a layout (the records screen uses it), only tenant admins and
 * builders change it, as they change the model.
 */
public class LayoutWorkspace {
    private final CurrentTenant current;
    private final RecordLayouts layouts;

    public LayoutWorkspace(CurrentTenant current, RecordLayouts layouts) {
        this.current = current;
        this.layouts = layouts;
    }

    public boolean canEdit() {
        return TenantAccess.CHANGE_MODEL.allows(current.workspace().context());
    }

    /** The object's layout fitted to its fields now; empty when it uses the default (all fields, metadata order). */
    public Optional<RecordLayout> layout(String object) {
        return layouts.find(require(TenantAccess.READ).database(), object);
    }

    public RecordLayout save(String object, RecordLayout layout) {
        Workspace w = require(TenantAccess.CHANGE_MODEL);
        return layouts.save(w.database(), object, layout, w.context().username());
    }

    public void reset(String object) {
        layouts.reset(require(TenantAccess.CHANGE_MODEL).database(), object);
    }

    private Workspace require(TenantAccess access) {
        return TenantWorkspace.require(current, access);
    }
}
