package io.quanyu.ui.access;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.Role;
import io.quanyu.records.RecordLayout;
import io.quanyu.records.RecordLayouts;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
        return TenantWorkspace.allowed(current.workspace().context(), TenantWorkspace.MODEL_WRITERS);
    }

    /** The object's layout fitted to its fields now; empty when it uses the default (all fields, metadata order). */
    public Optional<RecordLayout> layout(String object) {
        return layouts.find(require(TenantWorkspace.READERS).database(), object);
    }

    public RecordLayout save(String object, RecordLayout layout) {
        Workspace w = require(TenantWorkspace.MODEL_WRITERS);
        return layouts.save(w.database(), object, layout, w.context().username());
    }

    public void reset(String object) {
        layouts.reset(require(TenantWorkspace.MODEL_WRITERS).database(), object);
    }

    private Workspace require(Set<Role> roles) {
        Workspace w = current.workspace();
        if (!TenantWorkspace.allowed(w.context(), roles)) {
            throw new QuanyuException(ErrorCode.PERMISSION_DENIED, Map.of());
        }
        return w;
    }
}
