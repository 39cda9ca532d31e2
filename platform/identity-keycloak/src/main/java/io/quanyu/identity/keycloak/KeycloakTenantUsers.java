package io.quanyu.identity.keycloak;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.NewTenant;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantAdmin;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.core.tenant.TenantResource;
import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.util.List;
import java.util.Map;

/**
 * A tenant's users in the Keycloak realm: each carries the admin-only user attribute {@code tenant}, which a
 * protocol mapper puts into every token. Provisioning creates the first tenant-admin; deprovisioning deletes every
 * user of the tenant.
 */
public final class KeycloakTenantUsers implements TenantResource {
    static final String TENANT_ATTRIBUTE = "tenant";
    private static final int PAGE = 100;

    private final RealmResource realm;

    public KeycloakTenantUsers(RealmResource realm) {
        this.realm = realm;
    }

    @Override
    public String name() {
        return "keycloak";
    }

    @Override
    public void provision(NewTenant tenant) {
        TenantAdmin admin = tenant.admin();
        try (Response response = realm.users().create(user(tenant.id(), admin))) {
            if (response.getStatus() == 409) {
                throw new QuanyuException(ErrorCode.TENANT_ADMIN_EXISTS, Map.of("username", admin.username()));
            }
            String userId = CreatedResponseUtil.getCreatedId(response);
            var role = realm.roles().get(Role.TENANT_ADMIN.claimValue()).toRepresentation();
            realm.users().get(userId).roles().realmLevel().add(List.of(role));
        }
    }

    private static UserRepresentation user(TenantId tenant, TenantAdmin admin) {
        var credential = new CredentialRepresentation();
        credential.setType(CredentialRepresentation.PASSWORD);
        credential.setValue(admin.password());
        credential.setTemporary(admin.passwordTemporary());
        var user = new UserRepresentation();
        user.setUsername(admin.username());
        user.setEmail(admin.email());
        user.setEmailVerified(true);
        user.setEnabled(true);
        user.setFirstName(admin.username());
        user.setLastName(tenant.value());
        user.setAttributes(Map.of(TENANT_ATTRIBUTE, List.of(tenant.value())));
        user.setCredentials(List.of(credential));
        return user;
    }

    @Override
    public void deprovision(TenantId tenant) {
        List<UserRepresentation> users;
        do {
            users = usersOf(tenant);
            users.forEach(u -> realm.users().delete(u.getId()).close());
        } while (users.size() == PAGE);
    }

    /** Users whose {@code tenant} attribute is exactly this tenant (at most one page). */
    public List<UserRepresentation> usersOf(TenantId tenant) {
        return realm.users().searchByAttributes(0, PAGE, null, false, TENANT_ATTRIBUTE + ":" + tenant.value())
                .stream()
                .filter(u -> u.getAttributes() != null
                        && List.of(tenant.value()).equals(u.getAttributes().get(TENANT_ATTRIBUTE)))
                .toList();
    }
}
