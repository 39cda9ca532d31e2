package io.quanyu.core.identity;

import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantId;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The users of one tenant in the identity provider. Every call names the tenant, and a user of another tenant is
 * treated as absent ({@code TENANT_USER_NOT_FOUND}): no call reads or changes it. Only tenant roles are given.
 */
public interface TenantUsers {
    /** The roles a tenant admin may give; platform and ISV roles never come from a tenant. */
    Set<Role> ASSIGNABLE = Set.copyOf(EnumSet.of(Role.TENANT_ADMIN, Role.BUILDER, Role.VIEWER));

    List<TenantUser> list(TenantId tenant);

    /** Creates an enabled user whose password must be changed at the first sign-in. */
    TenantUser create(TenantId tenant, NewTenantUser user);

    /** Replaces the user's tenant roles with {@code roles} (at least one, all {@link #ASSIGNABLE}). */
    TenantUser changeRoles(TenantId tenant, String userId, Set<Role> roles);

    /** Enables or disables sign-in; disabling also ends the user's sessions. */
    TenantUser setEnabled(TenantId tenant, String userId, boolean enabled);

    /** Sets a temporary password the user must change at the next sign-in, and ends their sessions. */
    void resetPassword(TenantId tenant, String userId, String temporaryPassword);

    void delete(TenantId tenant, String userId);
}
