package io.quanyu.identity.keycloak;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.identity.NewTenantUser;
import io.quanyu.core.identity.TenantUser;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static io.quanyu.identity.keycloak.RealKeycloak.refusal;
import static org.assertj.core.api.Assertions.assertThat;

/** A tenant admin's user management on the real Keycloak: strictly within the tenant, tenant roles only. */
class KeycloakTenantUsersTest {
    private final KeycloakTenantUsers users = new KeycloakTenantUsers(RealKeycloak.realm());
    private final TenantId tenant = RealKeycloak.freshTenant();
    private final TenantId other = RealKeycloak.freshTenant();

    @AfterEach
    void removeTheTenantsUsers() {
        users.deprovision(tenant);
        users.deprovision(other);
    }

    private NewTenantUser newUser(String username, Role... roles) {
        return new NewTenantUser(username, username + "@example.com", "Li", "Lei", Set.of(roles), "Temp-pass-1");
    }

    @Test
    void createsAUserWithATemporaryPasswordThatOnlyItsTenantSees() {
        TenantUser created = users.create(tenant, newUser(tenant.value() + "-li", Role.VIEWER));

        assertThat(created.roles()).containsExactly(Role.VIEWER);
        assertThat(users.list(tenant)).extracting(TenantUser::username).containsExactly(tenant.value() + "-li");
        assertThat(users.list(tenant).getFirst()).satisfies(u -> {
            assertThat(u.email()).isEqualTo(tenant.value() + "-li@example.com");
            assertThat(u.firstName()).isEqualTo("Li");
            assertThat(u.enabled()).isTrue();
        });
        assertThat(users.list(other)).isEmpty();
        var signIn = RealKeycloak.password(tenant.value() + "-li", "Temp-pass-1");
        assertThat(signIn.status()).as("the password must be changed first").isEqualTo(400);
        assertThat(signIn.body().get("error_description").toString()).contains("not fully set up");
    }

    @Test
    void changesRolesWithinTheTenantRolesOnly() {
        String id = users.create(tenant, newUser(tenant.value() + "-wang", Role.VIEWER)).id();

        assertThat(users.changeRoles(tenant, id, Set.of(Role.BUILDER)).roles()).containsExactly(Role.BUILDER);
        assertThat(users.list(tenant).getFirst().roles()).containsExactly(Role.BUILDER);
        assertThat(users.changeRoles(tenant, id, Set.of(Role.TENANT_ADMIN, Role.VIEWER)).roles())
                .containsExactlyInAnyOrder(Role.TENANT_ADMIN, Role.VIEWER);
        refusal(ErrorCode.REQUEST_VALIDATION_FAILED, () -> users.changeRoles(tenant, id, Set.of(Role.PLATFORM_ADMIN)));
        refusal(ErrorCode.REQUEST_VALIDATION_FAILED, () -> users.changeRoles(tenant, id, Set.of(Role.ISV)));
        refusal(ErrorCode.REQUEST_VALIDATION_FAILED, () -> users.changeRoles(tenant, id, Set.of()));
        refusal(ErrorCode.REQUEST_VALIDATION_FAILED, () -> users.create(tenant,
                newUser(tenant.value() + "-zhao", Role.INTEGRATOR)));
    }

    @Test
    void anotherTenantCanNeitherSeeNorTouchTheUser() {
        String id = users.create(tenant, newUser(tenant.value() + "-chen", Role.BUILDER)).id();

        refusal(ErrorCode.TENANT_USER_NOT_FOUND, () -> users.changeRoles(other, id, Set.of(Role.TENANT_ADMIN)));
        refusal(ErrorCode.TENANT_USER_NOT_FOUND, () -> users.setEnabled(other, id, false));
        refusal(ErrorCode.TENANT_USER_NOT_FOUND, () -> users.resetPassword(other, id, "Another-pass-2"));
        refusal(ErrorCode.TENANT_USER_NOT_FOUND, () -> users.delete(other, id));
        refusal(ErrorCode.TENANT_USER_NOT_FOUND, () -> users.delete(tenant, "no-such-user"));

        assertThat(users.list(tenant)).singleElement().satisfies(u -> {
            assertThat(u.enabled()).isTrue();
            assertThat(u.roles()).containsExactly(Role.BUILDER);
        });
    }

    @Test
    void disablesResetsAndDeletes() {
        String id = users.create(tenant, newUser(tenant.value() + "-sun", Role.VIEWER)).id();

        assertThat(users.setEnabled(tenant, id, false).enabled()).isFalse();
        assertThat(users.list(tenant).getFirst().enabled()).isFalse();
        assertThat(users.setEnabled(tenant, id, true).enabled()).isTrue();
        users.resetPassword(tenant, id, "Reset-pass-3");
        assertThat(RealKeycloak.password(tenant.value() + "-sun", "Reset-pass-3").body().get("error_description")
                .toString()).contains("not fully set up");
        refusal(ErrorCode.REQUEST_VALIDATION_FAILED, () -> users.resetPassword(tenant, id, "short"));

        users.delete(tenant, id);
        assertThat(users.list(tenant)).isEmpty();
    }

    @Test
    void reportsDuplicatesAndInvalidInputAtTheirFields() {
        users.create(tenant, newUser(tenant.value() + "-zhou", Role.VIEWER));

        var sameName = refusal(ErrorCode.TENANT_USER_EXISTS, () -> users.create(other,
                new NewTenantUser(tenant.value() + "-zhou", "x" + tenant.value() + "@example.com", null, null,
                        Set.of(Role.VIEWER), "Temp-pass-1")));
        assertThat(sameName.violations()).extracting(FieldViolation::pointer).containsExactly("/username");
        var sameEmail = refusal(ErrorCode.TENANT_USER_EXISTS, () -> users.create(tenant,
                new NewTenantUser(tenant.value() + "-wu", tenant.value() + "-zhou@example.com", null, null,
                        Set.of(Role.VIEWER), "Temp-pass-1")));
        assertThat(sameEmail.violations()).extracting(FieldViolation::pointer).containsExactly("/email");
        var invalid = refusal(ErrorCode.REQUEST_VALIDATION_FAILED, () -> users.create(tenant,
                new NewTenantUser("A", "no-mail", "<b>", null, Set.of(Role.ISV), "short")));
        assertThat(invalid.violations()).extracting(FieldViolation::pointer)
                .containsExactlyInAnyOrder("/username", "/email", "/firstName", "/roles", "/temporaryPassword");
        assertThat(users.list(other)).isEmpty();
    }
}
