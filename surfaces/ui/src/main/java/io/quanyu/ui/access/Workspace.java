package io.quanyu.ui.access;

import io.quanyu.core.call.CallContext;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.TenantContext;

/**
 * The signed-in user: their tenant context (from the verified token) and the tenant's quotas. The builder reaches
 * data only through the guarded services, with {@link #call()}; it holds no database handle.
 */
public record Workspace(TenantContext context, Quotas quotas) {

    /** The user's call into the guarded services. */
    public CallContext call() {
        return CallContext.of(context, quotas, org.slf4j.MDC.get("correlationId"));
    }
}
