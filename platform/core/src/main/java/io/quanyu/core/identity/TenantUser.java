package io.quanyu.core.identity;

import io.quanyu.core.tenant.Role;

import java.util.Set;

/**
 * A person who signs in to one tenant.
 *
 * @param id    the identity provider's id of the user (the {@code sub} of their tokens)
 * @param roles the roles given to the user directly (tenant-admin includes builder and viewer)
 */
public record TenantUser(String id, String username, String email, String firstName, String lastName,
                         boolean enabled, Set<Role> roles) {
    public TenantUser {
        roles = Set.copyOf(roles);
    }
}
