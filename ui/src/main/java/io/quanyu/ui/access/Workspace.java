package io.quanyu.ui.access;

import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.mongodb.TenantDatabase;

/** What the signed-in user may touch: their tenant context (from the verified token), its database and quotas. */
public record Workspace(TenantContext context, TenantDatabase database, Quotas quotas) {
}
