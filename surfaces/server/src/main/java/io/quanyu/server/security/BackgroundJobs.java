package io.quanyu.server.security;

import io.quanyu.core.tenant.Tenant;
import io.quanyu.core.tenant.TenantContext;

import java.util.Set;

/**
 * The one other way a {@link TenantContext} is made: for the platform's own background work on a tenant that the
 * registry lists (search indexing, migrations), never from a request. Such a context has no roles.
 */
public final class BackgroundJobs {

    private BackgroundJobs() {
    }

    public static TenantContext contextFor(Tenant tenant, String job) {
        return new TenantContext(tenant.id(), "system:" + job, "system:" + job, Set.of(), true);
    }
}
