package io.quanyu.core.tenant;

import java.util.List;
import java.util.Optional;

/** Platform-wide store of tenants. Implementations make each operation atomic on one tenant. */
public interface TenantRegistry {

    /** Adds a tenant; throws {@code TENANT_EXISTS} when a live (not deleted) tenant has the id. */
    void insert(Tenant tenant);

    Optional<Tenant> find(TenantId id);

    List<Tenant> list();

    /** Replaces the tenant only if its stored status is {@code expected}; returns false otherwise. */
    boolean replaceIfStatus(Tenant tenant, TenantStatus expected);

    /** Removes the entry (used to undo a failed creation). */
    void remove(TenantId id);
}
