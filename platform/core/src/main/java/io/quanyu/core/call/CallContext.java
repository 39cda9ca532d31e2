package io.quanyu.core.call;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantAccess;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.core.tenant.TenantId;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One call into the platform, as every feature's guarded service receives it: for which tenant, by whom, with which
 * roles and quotas, under which correlation id. Built at the edge (an API request from its verified token, a builder
 * view from the signed-in user, a plugin call from its scope) and passed down; the services below check
 * {@link TenantAccess} and field visibility on it, once, for every surface.
 *
 * @param actor         a readable name for audit fields ({@code _by}, merge and tag history)
 * @param roles         the caller's tenant roles; field read restrictions ({@code readRoles}) are checked on them
 * @param correlationId the request's correlation id, or null where there is none (background work)
 * @param plugin        the plugin acting in this call, or null: a plugin reads and writes the tenant's data because
 *                      a tenant admin installed it, and sees only the fields its caller's roles may read
 * @param subject       the caller's token subject (user or service account id), or null where no token names one
 *                      (plugins, background work); the tenant settings compare it with the user being changed
 */
public record CallContext(TenantId tenant, String actor, Set<Role> roles, Quotas quotas, String correlationId,
                         String plugin, String subject) {
    public CallContext {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(quotas, "quotas");
        roles = Set.copyOf(roles);
    }

    /** A call whose caller no token names (tests, background work, plugins). */
    public CallContext(TenantId tenant, String actor, Set<Role> roles, Quotas quotas, String correlationId,
                       String plugin) {
        this(tenant, actor, roles, quotas, correlationId, plugin, null);
    }

    /** A call by a user or integrator whose verified token gave {@code who}. */
    public static CallContext of(TenantContext who, Quotas quotas, String correlationId) {
        return new CallContext(who.tenant(), who.username(), who.roles(), quotas, correlationId, null, who.subject());
    }

    /** A plugin's call for {@code tenant}, on behalf of a caller holding {@code callerRoles} (none for jobs and webhooks). */
    public static CallContext ofPlugin(TenantId tenant, String plugin, String actor, Set<Role> callerRoles, Quotas quotas,
                                       String correlationId) {
        return new CallContext(tenant, actor, callerRoles, quotas, correlationId, Objects.requireNonNull(plugin), null);
    }

    /**
     * A platform feature's background work for {@code tenant} (a deferred send, a journey step): it reads and writes
     * the tenant's data as a plugin does, sees only fields no role restricts, and is named {@code feature} where a
     * plugin would be.
     */
    public static CallContext background(TenantId tenant, String feature, Quotas quotas) {
        return new CallContext(tenant, "system via " + feature, Set.of(), quotas, null, Objects.requireNonNull(feature), null);
    }

    /** Whether this call's caller is the user or client with id {@code id}. */
    public boolean isCaller(String id) {
        return subject != null && subject.equals(id);
    }

    /** Whether this call may do what {@code access} stands for. Plugins read and write data, nothing more. */
    public boolean may(TenantAccess access) {
        if (tenant.isPseudo()) {
            return false;
        }
        if (plugin != null) {
            return access == TenantAccess.READ || access == TenantAccess.WRITE_DATA;
        }
        return roles.stream().anyMatch(access.roles()::contains);
    }

    /** This call when it may do what {@code access} stands for; {@code PERMISSION_DENIED} otherwise. */
    public CallContext require(TenantAccess access) {
        if (!may(access)) {
            throw new QuanyuException(ErrorCode.PERMISSION_DENIED, Map.of());
        }
        return this;
    }

    /** The roles as claim values ("viewer", "builder", ...), as field read restrictions name them. */
    public Set<String> roleNames() {
        return roles.stream().map(Role::claimValue).collect(Collectors.toUnmodifiableSet());
    }
}
