package io.quanyu.core.tenant;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a tenant's user may do with the tenant's data, by role: the one statement of the rules that the API's request
 * checks and the builder's workspace checks both apply. Pseudo-tenants (platform, ISV) have no tenant data.
 */
public enum TenantAccess {
    /** Read objects, records, customers, plugins. */
    READ(EnumSet.of(Role.TENANT_ADMIN, Role.BUILDER, Role.VIEWER, Role.INTEGRATOR)),
    /** Change the data model (objects, layouts, customer 360 settings). */
    CHANGE_MODEL(EnumSet.of(Role.TENANT_ADMIN, Role.BUILDER)),
    /** Write data (records, events, tags, merges, plugin mutations). */
    WRITE_DATA(EnumSet.of(Role.TENANT_ADMIN, Role.BUILDER, Role.INTEGRATOR)),
    /** Administer the tenant (plugins, users, API clients, exports and erasure). */
    ADMINISTER(EnumSet.of(Role.TENANT_ADMIN));

    private final Set<Role> roles;

    TenantAccess(EnumSet<Role> roles) {
        this.roles = Set.copyOf(roles);
    }

    public Set<Role> roles() {
        return roles;
    }

    /** Whether {@code context} is a real tenant's user holding one of this access's roles. */
    public boolean allows(TenantContext context) {
        return !context.tenant().isPseudo() && context.roles().stream().anyMatch(roles::contains);
    }
}
