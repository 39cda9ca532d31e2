package io.quanyu.ui.access;

import io.quanyu.core.tenant.TenantAccess;
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
import io.quanyu.core.tenant.TenantContext;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every read and write of the tenant settings (users, API clients, quota usage), for tenant admins only, checked here
 * on each call. Always the signed-in user's tenant; an admin cannot lock themselves out (remove their own
 * tenant-admin role, disable or delete themselves).
 */
public class TenantSettings {
    /** The roles a tenant admin may give a user. */
    public static final Set<Role> USER_ROLES = TenantUsers.ASSIGNABLE;
    /** The roles a tenant admin may give an API client. */
    public static final Set<Role> CLIENT_ROLES = ApiClients.ASSIGNABLE;

    private final CurrentTenant current;
    private final TenantUsers users;
    private final ApiClients clients;
    private final TenantUsage usage;

    public TenantSettings(CurrentTenant current, TenantUsers users, ApiClients clients, TenantUsage usage) {
        this.current = current;
        this.users = users;
        this.clients = clients;
        this.usage = usage;
    }

    /** Whether this signed-in user administers their tenant (the navigation shows the settings only then). */
    public static boolean mayAdminister(TenantContext user) {
        return TenantAccess.ADMINISTER.allows(user);
    }

    public boolean canAdminister() {
        return mayAdminister(current.workspace().context());
    }

    /** The signed-in user's id, to mark their own row. */
    public String self() {
        return current.workspace().context().subject();
    }

    public List<TenantUser> users() {
        return users.list(admin().tenant());
    }

    public TenantUser createUser(NewTenantUser user) {
        return users.create(admin().tenant(), user);
    }

    public TenantUser changeRoles(String userId, Set<Role> roles) {
        TenantContext admin = admin();
        if (admin.subject().equals(userId) && !roles.contains(Role.TENANT_ADMIN)) {
            throw selfChange("remove the tenant-admin role from");
        }
        return users.changeRoles(admin.tenant(), userId, roles);
    }

    public TenantUser setUserEnabled(String userId, boolean enabled) {
        TenantContext admin = admin();
        if (admin.subject().equals(userId) && !enabled) {
            throw selfChange("disable");
        }
        return users.setEnabled(admin.tenant(), userId, enabled);
    }

    public void resetPassword(String userId, String temporaryPassword) {
        users.resetPassword(admin().tenant(), userId, temporaryPassword);
    }

    public void deleteUser(String userId) {
        TenantContext admin = admin();
        if (admin.subject().equals(userId)) {
            throw selfChange("delete");
        }
        users.delete(admin.tenant(), userId);
    }

    public List<ApiClient> apiClients() {
        return clients.list(admin().tenant());
    }

    public ApiClientSecret createApiClient(NewApiClient client) {
        return clients.create(admin().tenant(), client);
    }

    public ApiClientSecret regenerateSecret(String id) {
        return clients.regenerateSecret(admin().tenant(), id);
    }

    public ApiClient setApiClientEnabled(String id, boolean enabled) {
        return clients.setEnabled(admin().tenant(), id, enabled);
    }

    public void deleteApiClient(String id) {
        clients.delete(admin().tenant(), id);
    }

    public List<QuotaUse> quotaUsage() {
        Workspace w = current.workspace();
        require(w.context());
        return usage.of(w);
    }

    private TenantContext admin() {
        return require(current.workspace().context());
    }

    private static TenantContext require(TenantContext context) {
        if (!mayAdminister(context)) {
            throw new QuanyuException(ErrorCode.PERMISSION_DENIED, Map.of());
        }
        return context;
    }

    private static QuanyuException selfChange(String action) {
        return new QuanyuException(ErrorCode.SELF_CHANGE_REFUSED, Map.of("action", action));
    }
}
