package io.quanyu.core.tenant;

import java.time.Instant;

/** The archive written before a tenant's data is dropped. */
public record TenantExport(String file, int collections, long documents, long bytes, Instant at) {
}
