package io.quanyu.identity.keycloak;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.identity.NewTenantUser;
import io.quanyu.core.identity.TenantUser;
import io.quanyu.core.identity.TenantUsers;
import io.quanyu.core.tenant.NewTenant;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantAdmin;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.core.tenant.TenantResource;
import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tenant's users in the Keycloak realm: each carries the admin-only user attribute {@code tenant}, which a
 * protocol mapper puts into every token. Provisioning creates the first tenant-admin; deprovisioning deletes every
 * user of the tenant; in between a tenant admin manages the tenant's users ({@link TenantUsers}). A user whose
 * attribute names another tenant is "not found" for every call.
 */
public final class KeycloakTenantUsers implements TenantResource, TenantUsers {
    static final String TENANT_ATTRIBUTE = "tenant";
    private static final int PAGE = 100;

    private final RealmResource realm;
    private final RealmRoles roles;

    public KeycloakTenantUsers(RealmResource realm) {
        this.realm = realm;
        this.roles = new RealmRoles(realm);
    }

    @Override
    public String name() {
        return "keycloak";
    }

    @Override
    public void provision(NewTenant tenant) {
        TenantAdmin admin = tenant.admin();
        try (Response response = realm.users().create(user(tenant.id(), admin.username(), admin.email(),
                admin.username(), tenant.id().value(), password(admin.password(), admin.passwordTemporary())))) {
            if (response.getStatus() == 409) {
                throw new QuanyuException(ErrorCode.TENANT_ADMIN_EXISTS, Map.of("username", admin.username()));
            }
            String userId = CreatedResponseUtil.getCreatedId(response);
            roles.replace(realm.users().get(userId).roles().realmLevel(), Set.of(Role.TENANT_ADMIN), ASSIGNABLE);
        }
    }

    @Override
    public void deprovision(TenantId tenant) {
        List<UserRepresentation> users;
        do {
            users = page(tenant, 0);
            users.forEach(u -> realm.users().delete(u.getId()).close());
        } while (users.size() == PAGE);
    }

    /** Users whose {@code tenant} attribute is exactly this tenant (at most one page). */
    public List<UserRepresentation> usersOf(TenantId tenant) {
        return page(tenant, 0);
    }

    @Override
    public List<TenantUser> list(TenantId tenant) {
        return KeycloakErrors.call(() -> {
            List<TenantUser> all = new ArrayList<>();
            List<UserRepresentation> page;
            do {
                page = page(tenant, all.size());
                page.forEach(u -> all.add(view(u, RealmRoles.of(realm.users().get(u.getId()).roles().realmLevel()))));
            } while (page.size() == PAGE);
            return all;
        });
    }

    @Override
    public TenantUser create(TenantId tenant, NewTenantUser user) {
        user.validated();
        var representation = user(tenant, user.username(), user.email(), user.firstName(), user.lastName(),
                password(user.temporaryPassword(), true));
        String id;
        try (Response response = KeycloakErrors.call(() -> realm.users().create(representation))) {
            if (response.getStatus() != 201) {
                throw KeycloakErrors.refused(response, () -> duplicate(response));
            }
            id = CreatedResponseUtil.getCreatedId(response);
        }
        try {
            return changeRoles(tenant, id, user.roles());
        } catch (RuntimeException e) {
            realm.users().delete(id).close();
            throw e;
        }
    }

    @Override
    public TenantUser changeRoles(TenantId tenant, String userId, Set<Role> wanted) {
        NewTenantUser.checkRoles(wanted);
        UserResource resource = member(tenant, userId);
        return KeycloakErrors.call(() -> view(resource.toRepresentation(),
                roles.replace(resource.roles().realmLevel(), wanted, ASSIGNABLE)), () -> notFound(userId));
    }

    @Override
    public TenantUser setEnabled(TenantId tenant, String userId, boolean enabled) {
        UserResource resource = member(tenant, userId);
        return KeycloakErrors.call(() -> {
            UserRepresentation user = resource.toRepresentation();
            user.setEnabled(enabled);
            resource.update(user);
            if (!enabled) {
                resource.logout();
            }
            return view(user, RealmRoles.of(resource.roles().realmLevel()));
        }, () -> notFound(userId));
    }

    @Override
    public void resetPassword(TenantId tenant, String userId, String temporaryPassword) {
        NewTenantUser.checkPassword(temporaryPassword);
        UserResource resource = member(tenant, userId);
        KeycloakErrors.run(() -> {
            resource.resetPassword(password(temporaryPassword, true));
            resource.logout();
        }, () -> notFound(userId));
    }

    @Override
    public void delete(TenantId tenant, String userId) {
        member(tenant, userId);
        KeycloakErrors.run(() -> realm.users().delete(userId).close(), () -> notFound(userId));
    }

    /** The user, after checking it belongs to {@code tenant}; any other user is "not found". */
    private UserResource member(TenantId tenant, String userId) {
        UserResource resource = realm.users().get(userId);
        UserRepresentation user = KeycloakErrors.call(resource::toRepresentation, () -> notFound(userId));
        if (!belongsTo(user, tenant)) {
            throw notFound(userId);
        }
        return resource;
    }

    private List<UserRepresentation> page(TenantId tenant, int first) {
        return realm.users().searchByAttributes(first, PAGE, null, false, TENANT_ATTRIBUTE + ":" + tenant.value())
                .stream().filter(u -> belongsTo(u, tenant)).toList();
    }

    private static boolean belongsTo(UserRepresentation user, TenantId tenant) {
        return user.getAttributes() != null
                && List.of(tenant.value()).equals(user.getAttributes().get(TENANT_ATTRIBUTE));
    }

    private static QuanyuException duplicate(Response response) {
        var error = KeycloakErrors.readError(response);
        String field = error != null && String.valueOf(error.getErrorMessage()).contains("email") ? "email" : "username";
        return new QuanyuException(ErrorCode.TENANT_USER_EXISTS, Map.of("field", field),
                List.of(new FieldViolation("/" + field, "unique", "already taken")), null);
    }

    private static QuanyuException notFound(String userId) {
        return new QuanyuException(ErrorCode.TENANT_USER_NOT_FOUND, Map.of("user", userId));
    }

    private static TenantUser view(UserRepresentation u, Set<Role> roles) {
        return new TenantUser(u.getId(), u.getUsername(), u.getEmail(), u.getFirstName(), u.getLastName(),
                Boolean.TRUE.equals(u.isEnabled()), roles);
    }

    private static CredentialRepresentation password(String value, boolean temporary) {
        var credential = new CredentialRepresentation();
        credential.setType(CredentialRepresentation.PASSWORD);
        credential.setValue(value);
        credential.setTemporary(temporary);
        return credential;
    }

    private static UserRepresentation user(TenantId tenant, String username, String email, String firstName,
                                           String lastName, CredentialRepresentation password) {
        var user = new UserRepresentation();
        user.setUsername(username);
        user.setEmail(email);
        user.setEmailVerified(true);
        user.setEnabled(true);
        user.setFirstName(firstName);
        user.setLastName(lastName);
        user.setAttributes(Map.of(TENANT_ATTRIBUTE, List.of(tenant.value())));
        user.setCredentials(List.of(password));
        return user;
    }
}
