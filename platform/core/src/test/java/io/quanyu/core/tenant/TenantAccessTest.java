package io.quanyu.core.tenant;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TenantAccessTest {

    private static TenantContext user(TenantId tenant, Role... roles) {
        return new TenantContext(tenant, "s", "someone", Set.of(roles), false);
    }

    @Test
    void eachRoleGetsWhatTheApiAndTheBuilderAllow() {
        TenantId acme = TenantId.of("acme");
        assertThat(TenantAccess.READ.allows(user(acme, Role.VIEWER))).isTrue();
        assertThat(TenantAccess.WRITE_DATA.allows(user(acme, Role.VIEWER))).isFalse();
        assertThat(TenantAccess.WRITE_DATA.allows(user(acme, Role.INTEGRATOR))).isTrue();
        assertThat(TenantAccess.CHANGE_MODEL.allows(user(acme, Role.INTEGRATOR))).isFalse();
        assertThat(TenantAccess.CHANGE_MODEL.allows(user(acme, Role.BUILDER))).isTrue();
        assertThat(TenantAccess.ADMINISTER.allows(user(acme, Role.BUILDER))).isFalse();
        assertThat(TenantAccess.ADMINISTER.allows(user(acme, Role.TENANT_ADMIN))).isTrue();
        assertThat(TenantAccess.READ.allows(user(acme, Role.ISV, Role.PLATFORM_ADMIN))).isFalse();
    }

    @Test
    void pseudoTenantsHaveNoTenantDataWhateverTheirRoles() {
        assertThat(TenantAccess.READ.allows(user(TenantId.PLATFORM, Role.TENANT_ADMIN))).isFalse();
        assertThat(TenantAccess.READ.allows(user(TenantId.ISV, Role.VIEWER))).isFalse();
    }
}
