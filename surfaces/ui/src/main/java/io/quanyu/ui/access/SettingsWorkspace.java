package io.quanyu.ui.access;

import io.quanyu.core.call.CallContext;
import io.quanyu.core.identity.ApiClient;
import io.quanyu.core.identity.ApiClientSecret;
import io.quanyu.core.identity.NewApiClient;
import io.quanyu.core.identity.NewTenantUser;
import io.quanyu.core.identity.TenantUser;
import io.quanyu.core.settings.QuotaUse;
import io.quanyu.core.settings.TenantSettings;
import io.quanyu.core.tenant.Role;

import java.util.List;
import java.util.Set;

/**
 * The builder's tenant settings screens (users, API clients, quota usage): calls of the guarded
 * {@link TenantSettings} service with the signed-in user's call, which lets only tenant admins through, always for
 * their own tenant, and refuses an admin's change that would lock them out.
 */
public class SettingsWorkspace {
    /** The roles a tenant admin may give a user. */
    public static final Set<Role> USER_ROLES = TenantSettings.USER_ROLES;
    /** The roles a tenant admin may give an API client. */
    public static final Set<Role> CLIENT_ROLES = TenantSettings.CLIENT_ROLES;

    private final CurrentTenant current;
    private final TenantSettings settings;

    public SettingsWorkspace(CurrentTenant current, TenantSettings settings) {
        this.current = current;
        this.settings = settings;
    }

    /** Whether the signed-in user administers their tenant (the settings show their controls only then). */
    public boolean canAdminister() {
        return TenantSettings.mayAdminister(call());
    }

    /** The signed-in user's id, to mark their own row. */
    public String self() {
        return current.workspace().context().subject();
    }

    public List<TenantUser> users() {
        return settings.users(call());
    }

    public TenantUser createUser(NewTenantUser user) {
        return settings.createUser(call(), user);
    }

    public TenantUser changeRoles(String userId, Set<Role> roles) {
        return settings.changeRoles(call(), userId, roles);
    }

    public TenantUser setUserEnabled(String userId, boolean enabled) {
        return settings.setUserEnabled(call(), userId, enabled);
    }

    public void resetPassword(String userId, String temporaryPassword) {
        settings.resetPassword(call(), userId, temporaryPassword);
    }

    public void deleteUser(String userId) {
        settings.deleteUser(call(), userId);
    }

    public List<ApiClient> apiClients() {
        return settings.apiClients(call());
    }

    public ApiClientSecret createApiClient(NewApiClient client) {
        return settings.createApiClient(call(), client);
    }

    public ApiClientSecret regenerateSecret(String id) {
        return settings.regenerateSecret(call(), id);
    }

    public ApiClient setApiClientEnabled(String id, boolean enabled) {
        return settings.setApiClientEnabled(call(), id, enabled);
    }

    public void deleteApiClient(String id) {
        settings.deleteApiClient(call(), id);
    }

    public List<QuotaUse> quotaUsage() {
        return settings.quotaUsage(call());
    }

    private CallContext call() {
        return current.workspace().call();
    }
}
