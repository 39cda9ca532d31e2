package io.quanyu.core.settings;

import io.quanyu.core.call.CallContext;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.identity.ApiClient;
import io.quanyu.core.identity.ApiClientSecret;
import io.quanyu.core.identity.ApiClients;
import io.quanyu.core.identity.NewApiClient;
import io.quanyu.core.identity.NewTenantUser;
import io.quanyu.core.identity.TenantUser;
import io.quanyu.core.identity.TenantUsers;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantAccess;
import io.quanyu.core.tenant.TenantId;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tenant settings as one call may read and change them: the guarded service below every surface (the builder
 * today) for the tenant's users, API clients and quota usage. Only tenant admins ({@link TenantAccess#ADMINISTER})
 * pass, always for the call's own tenant, and an admin cannot lock themselves out: they may not remove their own
 * tenant-admin role, disable or delete themselves ({@code SELF_CHANGE_REFUSED}). A refused call never reaches the
 * identity provider.
 */
public final class TenantSettings {
    /** The roles a tenant admin may give a user. */
    public static final Set<Role> USER_ROLES = TenantUsers.ASSIGNABLE;
    /** The roles a tenant admin may give an API client. */
    public static final Set<Role> CLIENT_ROLES = ApiClients.ASSIGNABLE;

    private final TenantUsers users;
    private final ApiClients clients;
    private final TenantUsage usage;

    public TenantSettings(TenantUsers users, ApiClients clients, TenantUsage usage) {
        this.users = users;
        this.clients = clients;
        this.usage = usage;
    }

    /** Whether the call may read and change the tenant settings. */
    public static boolean mayAdminister(CallContext call) {
        return call.may(TenantAccess.ADMINISTER);
    }

    public List<TenantUser> users(CallContext call) {
        return users.list(tenant(call));
    }

    public TenantUser createUser(CallContext call, NewTenantUser user) {
        return users.create(tenant(call), user);
    }

    public TenantUser changeRoles(CallContext call, String userId, Set<Role> roles) {
        TenantId tenant = tenant(call);
        if (call.isCaller(userId) && !roles.contains(Role.TENANT_ADMIN)) {
            throw selfChange("remove the tenant-admin role from");
        }
        return users.changeRoles(tenant, userId, roles);
    }

    public TenantUser setUserEnabled(CallContext call, String userId, boolean enabled) {
        TenantId tenant = tenant(call);
        if (call.isCaller(userId) && !enabled) {
            throw selfChange("disable");
        }
        return users.setEnabled(tenant, userId, enabled);
    }

    public void resetPassword(CallContext call, String userId, String temporaryPassword) {
        users.resetPassword(tenant(call), userId, temporaryPassword);
    }

    public void deleteUser(CallContext call, String userId) {
        TenantId tenant = tenant(call);
        if (call.isCaller(userId)) {
            throw selfChange("delete");
        }
        users.delete(tenant, userId);
    }

    public List<ApiClient> apiClients(CallContext call) {
        return clients.list(tenant(call));
    }

    public ApiClientSecret createApiClient(CallContext call, NewApiClient client) {
        return clients.create(tenant(call), client);
    }

    public ApiClientSecret regenerateSecret(CallContext call, String id) {
        return clients.regenerateSecret(tenant(call), id);
    }

    public ApiClient setApiClientEnabled(CallContext call, String id, boolean enabled) {
        return clients.setEnabled(tenant(call), id, enabled);
    }

    public void deleteApiClient(CallContext call, String id) {
        clients.delete(tenant(call), id);
    }

    /** Every quota of the tenant with its limit and current use. */
    public List<QuotaUse> quotaUsage(CallContext call) {
        return usage.of(call.require(TenantAccess.ADMINISTER));
    }

    /** The call's tenant when the call may administer it; {@code PERMISSION_DENIED} otherwise. */
    private static TenantId tenant(CallContext call) {
        return call.require(TenantAccess.ADMINISTER).tenant();
    }

    private static QuanyuException selfChange(String action) {
        return new QuanyuException(ErrorCode.SELF_CHANGE_REFUSED, Map.of("action", action));
    }
}
