package io.quanyu.core.tenant;

/** Writes a complete archive of a tenant's data before it is dropped. */
public interface TenantExporter {
    TenantExport export(TenantId tenant);
}
