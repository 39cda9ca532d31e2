package io.quanyu.core.tenant;

import java.time.Instant;

/**
 * A tenant (a brand) as the platform registry knows it.
 *
 * @param export where the data went when the tenant was deleted; null before
 */
public record Tenant(TenantId id, String name, TenantStatus status, Quotas quotas,
                     Instant createdAt, String createdBy, Instant updatedAt, TenantExport export) {

    public Tenant withStatus(TenantStatus newStatus, Instant at) {
        return new Tenant(id, name, newStatus, quotas, createdAt, createdBy, at, export);
    }

    public Tenant deleted(TenantExport exported, Instant at) {
        return new Tenant(id, name, TenantStatus.DELETED, quotas, createdAt, createdBy, at, exported);
    }
}
