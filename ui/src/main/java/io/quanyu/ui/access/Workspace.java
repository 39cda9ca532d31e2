package io.quanyu.ui.access;

import io.quanyu.core.call.CallContext;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.mongodb.TenantDatabase;

/**
 * What the signed-in user may touch: their tenant context (from the verified token), its database and quotas. The
 * database handle serves the screens whose feature has no guarded service yet (layouts, plugins); the others take
 * {@link #call()}.
 */
public record Workspace(TenantContext context, TenantDatabase database, Quotas quotas) {

    /** The user's call into the guarded services. */
    public CallContext call() {
        return CallContext.of(context, quotas, org.slf4j.MDC.get("correlationId"));
    }
}
