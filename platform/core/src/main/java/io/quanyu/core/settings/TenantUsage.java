package io.quanyu.core.settings;

import io.quanyu.core.call.CallContext;

import java.util.List;

/**
 * The port through which {@link TenantSettings} reads a tenant's quota usage: the server implements it from the
 * counters that enforce the quotas (records, installed plugins, API calls of this minute) and the tenant's model.
 * {@link TenantSettings} has checked the call before it asks.
 */
@FunctionalInterface
public interface TenantUsage {

    /** Every quota of the call's tenant with its limit ({@link CallContext#quotas()}) and current use. */
    List<QuotaUse> of(CallContext call);
}
