package io.quanyu.server.tenancy;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Tenant;
import io.quanyu.core.tenant.TenantExport;

import java.time.Instant;

/** A tenant as the API shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record TenantView(String id, String name, String status, Quotas quotas, String database, String indexPrefix,
                  Instant createdAt, String createdBy, Instant updatedAt, TenantExport export) {

    static TenantView of(Tenant t) {
        return new TenantView(t.id().value(), t.name(), t.status().name(), t.quotas(), t.id().databaseName(),
                t.id().indexPrefix(), t.createdAt(), t.createdBy(), t.updatedAt(), t.export());
    }
}
