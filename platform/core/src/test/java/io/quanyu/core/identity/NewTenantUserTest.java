package io.quanyu.core.identity;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.Role;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** New users and API clients are checked field by field, and only tenant roles are accepted. */
class NewTenantUserTest {

    @Test
    void acceptsAUserWithTenantRolesAndChineseNames() {
        var user = new NewTenantUser("li.lei", "li.lei@example.cn", "磊", "李", Set.of(Role.BUILDER, Role.VIEWER),
                "Temp-pass-1");
        assertThat(user.validated()).isSameAs(user);
    }

    @Test
    void reportsEveryWrongFieldWithItsPointer() {
        var user = new NewTenantUser("X", "no-at-sign", "<script>", "O'Brien", Set.of(Role.PLATFORM_ADMIN), " short");
        assertThat(violations(user::validated)).extracting(FieldViolation::pointer)
                .containsExactly("/username", "/email", "/firstName", "/roles", "/temporaryPassword");
    }

    @Test
    void refusesRolesATenantCannotGive() {
        for (Role role : Set.of(Role.PLATFORM_ADMIN, Role.ISV, Role.INTEGRATOR)) {
            assertThat(violations(() -> NewTenantUser.checkRoles(Set.of(role)))).hasSize(1);
        }
        assertThat(violations(() -> NewTenantUser.checkRoles(Set.of()))).hasSize(1);
        NewTenantUser.checkRoles(Set.of(Role.TENANT_ADMIN));
    }

    @Test
    void apiClientsTakeIntegratorOrViewerAndANameOfAtMostSixtyCharacters() {
        new NewApiClient("ERP", null, Set.of(Role.INTEGRATOR, Role.VIEWER)).validated();
        assertThat(violations(() -> new NewApiClient("x".repeat(61), "d".repeat(256), Set.of(Role.BUILDER)).validated()))
                .extracting(FieldViolation::pointer).containsExactly("/name", "/description", "/roles");
    }

    private static java.util.List<FieldViolation> violations(Runnable call) {
        QuanyuException e = catchThrowableOfType(QuanyuException.class, call::run);
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.REQUEST_VALIDATION_FAILED);
        return e.violations();
    }
}
