package io.quanyu.core.settings;

import io.quanyu.core.call.CallContext;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.identity.ApiClient;
import io.quanyu.core.identity.ApiClientSecret;
import io.quanyu.core.identity.ApiClients;
import io.quanyu.core.identity.NewApiClient;
import io.quanyu.core.identity.NewTenantUser;
import io.quanyu.core.identity.TenantUser;
import io.quanyu.core.identity.TenantUsers;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Tenant settings are for tenant admins only, always of the admin's own tenant, and an admin cannot lock themselves
 * out: refused calls never reach Keycloak (the fakes record every call that does).
 */
class TenantSettingsTest {
    private final List<String> calls = new ArrayList<>();

    private final TenantSettings settings = new TenantSettings(new RecordingUsers(), new RecordingClients(),
            call -> List.of(new QuotaUse("plugins", 2, call.quotas().maxPlugins())));

    private static CallContext as(Role... roles) {
        return new CallContext(new TenantId("acme"), "someone", Set.of(roles), Quotas.DEFAULT, null, null, "me");
    }

    @Test
    void buildersViewersAndIntegratorsCannotAdministerTheTenant() {
        for (Role role : List.of(Role.BUILDER, Role.VIEWER, Role.INTEGRATOR, Role.PLATFORM_ADMIN, Role.ISV)) {
            CallContext call = as(role);
            assertThat(TenantSettings.mayAdminister(call)).as(role.name()).isFalse();
            assertDenied(() -> settings.users(call));
            assertDenied(() -> settings.createUser(call, new NewTenantUser("u", "u@x.cn", null, null, Set.of(Role.VIEWER), "p")));
            assertDenied(() -> settings.changeRoles(call, "id", Set.of(Role.TENANT_ADMIN)));
            assertDenied(() -> settings.setUserEnabled(call, "id", false));
            assertDenied(() -> settings.resetPassword(call, "id", "Temp-pass-1"));
            assertDenied(() -> settings.deleteUser(call, "id"));
            assertDenied(() -> settings.apiClients(call));
            assertDenied(() -> settings.createApiClient(call, new NewApiClient("n", null, Set.of(Role.INTEGRATOR))));
            assertDenied(() -> settings.regenerateSecret(call, "id"));
            assertDenied(() -> settings.setApiClientEnabled(call, "id", true));
            assertDenied(() -> settings.deleteApiClient(call, "id"));
            assertDenied(() -> settings.quotaUsage(call));
        }
        assertThat(calls).isEmpty();
    }

    @Test
    void aPluginCannotAdministerTheTenantEvenForAnAdmin() {
        CallContext plugin = CallContext.ofPlugin(new TenantId("acme"), "acme-sync", "acme-sync",
                Set.of(Role.TENANT_ADMIN), Quotas.DEFAULT, null);
        assertDenied(() -> settings.users(plugin));
        assertDenied(() -> settings.createApiClient(plugin, new NewApiClient("n", null, Set.of(Role.INTEGRATOR))));
        assertThat(calls).isEmpty();
    }

    @Test
    void anAdminWorksOnTheirOwnTenant() {
        CallContext admin = as(Role.TENANT_ADMIN, Role.BUILDER, Role.VIEWER);
        assertThat(TenantSettings.mayAdminister(admin)).isTrue();
        settings.users(admin);
        settings.changeRoles(admin, "someone-else", Set.of(Role.VIEWER));
        settings.deleteUser(admin, "someone-else");
        settings.regenerateSecret(admin, "client");
        assertThat(calls).containsExactly("list acme", "roles acme someone-else", "delete acme someone-else",
                "secret acme client");
        assertThat(settings.quotaUsage(admin)).containsExactly(new QuotaUse("plugins", 2, Quotas.DEFAULT.maxPlugins()));
    }

    @Test
    void anAdminCannotLockThemselvesOut() {
        CallContext admin = as(Role.TENANT_ADMIN);
        assertSelf(() -> settings.changeRoles(admin, "me", Set.of(Role.BUILDER)));
        assertSelf(() -> settings.setUserEnabled(admin, "me", false));
        assertSelf(() -> settings.deleteUser(admin, "me"));
        assertThat(calls).isEmpty();
        settings.changeRoles(admin, "me", Set.of(Role.TENANT_ADMIN, Role.VIEWER));
        settings.resetPassword(admin, "me", "Temp-pass-1");
        assertThat(calls).containsExactly("roles acme me", "password acme me");
    }

    private static void assertDenied(Executable call) {
        assertThat(refusal(call).code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
    }

    private static void assertSelf(Executable call) {
        assertThat(refusal(call).code()).isEqualTo(ErrorCode.SELF_CHANGE_REFUSED);
    }

    private static QuanyuException refusal(Executable call) {
        QuanyuException e = catchThrowableOfType(QuanyuException.class, call::execute);
        assertThat(e).isNotNull();
        return e;
    }

    private final class RecordingUsers implements TenantUsers {
        @Override
        public List<TenantUser> list(TenantId tenant) {
            calls.add("list " + tenant.value());
            return List.of();
        }

        @Override
        public TenantUser create(TenantId tenant, NewTenantUser user) {
            calls.add("create " + tenant.value());
            return null;
        }

        @Override
        public TenantUser changeRoles(TenantId tenant, String userId, Set<Role> roles) {
            calls.add("roles " + tenant.value() + " " + userId);
            return null;
        }

        @Override
        public TenantUser setEnabled(TenantId tenant, String userId, boolean enabled) {
            calls.add("enabled " + tenant.value() + " " + userId);
            return null;
        }

        @Override
        public void resetPassword(TenantId tenant, String userId, String temporaryPassword) {
            calls.add("password " + tenant.value() + " " + userId);
        }

        @Override
        public void delete(TenantId tenant, String userId) {
            calls.add("delete " + tenant.value() + " " + userId);
        }
    }

    private final class RecordingClients implements ApiClients {
        @Override
        public List<ApiClient> list(TenantId tenant) {
            calls.add("clients " + tenant.value());
            return List.of();
        }

        @Override
        public ApiClientSecret create(TenantId tenant, NewApiClient client) {
            calls.add("client " + tenant.value());
            return null;
        }

        @Override
        public ApiClientSecret regenerateSecret(TenantId tenant, String id) {
            calls.add("secret " + tenant.value() + " " + id);
            return null;
        }

        @Override
        public ApiClient setEnabled(TenantId tenant, String id, boolean enabled) {
            calls.add("client-enabled " + tenant.value() + " " + id);
            return null;
        }

        @Override
        public void delete(TenantId tenant, String id) {
            calls.add("client-delete " + tenant.value() + " " + id);
        }
    }
}
