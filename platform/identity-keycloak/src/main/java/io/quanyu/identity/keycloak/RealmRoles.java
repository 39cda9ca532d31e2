package io.quanyu.identity.keycloak;

import io.quanyu.core.tenant.Role;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.RoleScopeResource;
import org.keycloak.representations.idm.RoleRepresentation;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The platform's realm roles given directly to a user or service account. Replacing them touches only the roles in
 * a given scope, so roles outside it (default roles, anything a platform operator added) stay as they are.
 */
final class RealmRoles {
    private final RealmResource realm;

    RealmRoles(RealmResource realm) {
        this.realm = realm;
    }

    /** The platform roles among {@code mappings}' direct realm roles. */
    static Set<Role> of(RoleScopeResource mappings) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        mappings.listAll().stream().map(RoleRepresentation::getName).map(Role::fromClaim).flatMap(Optional::stream)
                .forEach(roles::add);
        return roles;
    }

    /** Makes {@code wanted} the direct roles within {@code scope}; returns the platform roles after the change. */
    Set<Role> replace(RoleScopeResource mappings, Set<Role> wanted, Set<Role> scope) {
        Set<Role> current = of(mappings);
        List<RoleRepresentation> removed = current.stream()
                .filter(r -> scope.contains(r) && !wanted.contains(r)).map(this::role).toList();
        List<RoleRepresentation> added = wanted.stream().filter(r -> !current.contains(r)).map(this::role).toList();
        if (!removed.isEmpty()) {
            mappings.remove(removed);
        }
        if (!added.isEmpty()) {
            mappings.add(added);
        }
        return of(mappings);
    }

    private RoleRepresentation role(Role role) {
        return realm.roles().get(role.claimValue()).toRepresentation();
    }
}
