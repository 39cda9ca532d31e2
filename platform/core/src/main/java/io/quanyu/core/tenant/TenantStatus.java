package io.quanyu.core.tenant;

/** Where a tenant is in its life. Only {@link #ACTIVE} tenants are served. */
public enum TenantStatus {
    PROVISIONING, ACTIVE, SUSPENDED, DELETING, DELETED
}
