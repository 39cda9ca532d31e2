package io.quanyu.core.tenant;

import java.util.Set;

/**
 * Who is calling and for which tenant. Built only by the platform's security layer from a verified token (an
 * architecture test enforces this), never from request parameters.
 *
 * @param subject        the token's subject (user id or service account id)
 * @param username       a readable name for logs and audit fields
 * @param serviceAccount true for client-credentials tokens (integrators)
 */
public record TenantContext(TenantId tenant, String subject, String username, Set<Role> roles,
                            boolean serviceAccount) {
    public TenantContext {
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** The roles as claim values ("viewer", "builder", ...), as field read restrictions name them. */
    public Set<String> roleNames() {
        return roles.stream().map(Role::claimValue).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
}
