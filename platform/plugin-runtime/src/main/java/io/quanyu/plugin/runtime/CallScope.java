package io.quanyu.plugin.runtime;

import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantId;
import org.jspecify.annotations.Nullable;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who a plugin call is for: the one tenant the plugin may see during the call, the caller and the caller's tenant
 * roles (a plugin sees only the record fields its caller may read; jobs and webhooks have no caller roles), and the
 * correlation id. Built by the server from a verified token or a job's tenant, never from plugin input.
 *
 * @param pendingSettings settings a tenant is about to save, handed to {@code TenantActivation} before they are
 *                        stored; null for every other call
 * @param depth           0 for a call from the platform; 1 and more for a plugin's call to another plugin
 */
public record CallScope(TenantId tenant, String caller, Set<Role> callerRoles, @Nullable String correlationId,
                        @Nullable Map<String, Object> pendingSettings, int depth) {
    public CallScope {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(caller, "caller");
        callerRoles = Set.copyOf(callerRoles);
        pendingSettings = pendingSettings == null ? null
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(pendingSettings));
    }

    /** A call from the platform. */
    public CallScope(TenantId tenant, String caller, Set<Role> callerRoles, @Nullable String correlationId,
                     @Nullable Map<String, Object> pendingSettings) {
        this(tenant, caller, callerRoles, correlationId, pendingSettings, 0);
    }

    /** A call with no caller roles (jobs, webhooks, the platform itself). */
    public CallScope(TenantId tenant, String caller, @Nullable String correlationId) {
        this(tenant, caller, Set.of(), correlationId, null);
    }

    /** A call on behalf of a user or integrator holding {@code callerRoles}. */
    public CallScope(TenantId tenant, String caller, Set<Role> callerRoles, @Nullable String correlationId) {
        this(tenant, caller, callerRoles, correlationId, null);
    }

    /** A plugin's call to another plugin in this scope: the same tenant, roles and correlation, one level deeper. */
    public CallScope nested(String caller) {
        return new CallScope(tenant, caller, callerRoles, correlationId, null, depth + 1);
    }

    /** The same scope with settings that are being checked before they are saved. */
    public CallScope withPendingSettings(Map<String, Object> settings) {
        return new CallScope(tenant, caller, callerRoles, correlationId, settings);
    }
}
