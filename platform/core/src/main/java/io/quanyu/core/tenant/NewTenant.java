package io.quanyu.core.tenant;

/** Everything needed to create a tenant; validated by the caller that built it. */
public record NewTenant(TenantId id, String name, Quotas quotas, TenantAdmin admin) {
}
