package io.quanyu.identity.keycloak;

import io.quanyu.core.identity.NewApiClient;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantId;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Client ids always start with the tenant; only the tenant's own claim makes a client the tenant's. */
class ClientShapeTest {
    private static final TenantId ACME = new TenantId("acme");

    @Test
    void makesTheClientIdFromTheTenantAndTheName() {
        assertThat(ClientShape.clientId(ACME, "ERP Sync (nightly)")).isEqualTo("acme-erp-sync-nightly");
        assertThat(ClientShape.clientId(ACME, "x".repeat(80))).isEqualTo("acme-" + "x".repeat(40));
        assertThat(ClientShape.clientId(ACME, "报表")).matches("acme-[0-9a-f]{8}");
    }

    @Test
    void aClientBelongsToTheTenantItsClaimNames() {
        var client = ClientShape.of(ACME, new NewApiClient("shop", null, Set.of(Role.INTEGRATOR)));
        assertThat(ClientShape.belongsTo(client, ACME)).isTrue();
        assertThat(ClientShape.belongsTo(client, new TenantId("globex"))).isFalse();
        client.setClientId("acmecorp-shop");
        assertThat(ClientShape.belongsTo(client, ACME)).isFalse();
        assertThat(client.isServiceAccountsEnabled()).isTrue();
        assertThat(client.isPublicClient()).isFalse();
    }
}
