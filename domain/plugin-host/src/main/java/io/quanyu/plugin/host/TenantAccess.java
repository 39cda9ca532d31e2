package io.quanyu.plugin.host;

import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.mongodb.TenantDatabase;

/**
 * How the host reaches the data of the tenant a plugin call is for. The server implements it from its tenant
 * registry (an unknown, suspended or deleted tenant is refused there), so the host never builds tenant handles.
 */
public interface TenantAccess {

    /** The tenant's database handle and quotas. */
    Handle open(TenantId tenant);

    record Handle(TenantDatabase db, Quotas quotas) {
    }
}
