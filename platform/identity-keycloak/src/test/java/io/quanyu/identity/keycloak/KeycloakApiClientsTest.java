package io.quanyu.identity.keycloak;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.identity.ApiClient;
import io.quanyu.core.identity.ApiClientSecret;
import io.quanyu.core.identity.NewApiClient;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.quanyu.identity.keycloak.RealKeycloak.refusal;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tenant's API clients on the real Keycloak: their tokens carry the tenant, the API audience and the client's
 * roles, as the realm's acme-integrator's do; another tenant neither sees nor touches them.
 */
class KeycloakApiClientsTest {
    private final KeycloakApiClients clients = new KeycloakApiClients(RealKeycloak.realm());
    private final TenantId tenant = RealKeycloak.freshTenant();
    private final TenantId other = RealKeycloak.freshTenant();

    @AfterEach
    void removeTheTenantsClients() {
        for (TenantId t : List.of(tenant, other)) {
            clients.list(t).forEach(c -> clients.delete(t, c.id()));
        }
    }

    @Test
    void issuesTokensForTheTenantWithTheClientsRoles() {
        ApiClientSecret created = clients.create(tenant, new NewApiClient("ERP sync", "Nightly orders", Set.of(Role.INTEGRATOR)));

        assertThat(created.client().clientId()).isEqualTo(tenant.value() + "-erp-sync");
        assertThat(created.client().roles()).containsExactly(Role.INTEGRATOR);
        var token = RealKeycloak.clientCredentials(created.client().clientId(), created.secret());
        assertThat(token.status()).isEqualTo(200);
        Map<String, Object> claims = token.claims();
        assertThat(claims.get("tenant")).isEqualTo(tenant.value());
        assertThat(claims.get("aud").toString()).contains("quanyu-api");
        assertThat(claims.get("realm_access").toString()).contains("integrator").doesNotContain("viewer");
        assertThat(clients.list(tenant)).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("ERP sync");
            assertThat(c.description()).isEqualTo("Nightly orders");
            assertThat(c.enabled()).isTrue();
        });
    }

    @Test
    void regeneratingTheSecretRetiresTheOldOneAndDisablingStopsTokens() {
        ApiClientSecret created = clients.create(tenant, new NewApiClient("BI 报表", null, Set.of(Role.VIEWER)));
        String clientId = created.client().clientId();
        assertThat(clientId).startsWith(tenant.value() + "-bi");

        ApiClientSecret renewed = clients.regenerateSecret(tenant, created.client().id());
        assertThat(renewed.secret()).isNotEqualTo(created.secret());
        assertThat(RealKeycloak.clientCredentials(clientId, created.secret()).status()).isEqualTo(401);
        assertThat(RealKeycloak.clientCredentials(clientId, renewed.secret()).status()).isEqualTo(200);

        assertThat(clients.setEnabled(tenant, created.client().id(), false).enabled()).isFalse();
        assertThat(RealKeycloak.clientCredentials(clientId, renewed.secret()).status()).isNotEqualTo(200);
        clients.setEnabled(tenant, created.client().id(), true);
        assertThat(RealKeycloak.clientCredentials(clientId, renewed.secret()).status()).isEqualTo(200);

        clients.delete(tenant, created.client().id());
        assertThat(clients.list(tenant)).isEmpty();
        assertThat(RealKeycloak.clientCredentials(clientId, renewed.secret()).status()).isEqualTo(401);
    }

    @Test
    void anotherTenantCanNeitherSeeNorTouchTheClient() {
        String id = clients.create(tenant, new NewApiClient("crm", null, Set.of(Role.INTEGRATOR))).client().id();

        assertThat(clients.list(other)).isEmpty();
        refusal(ErrorCode.API_CLIENT_NOT_FOUND, () -> clients.regenerateSecret(other, id));
        refusal(ErrorCode.API_CLIENT_NOT_FOUND, () -> clients.setEnabled(other, id, false));
        refusal(ErrorCode.API_CLIENT_NOT_FOUND, () -> clients.delete(other, id));
        refusal(ErrorCode.API_CLIENT_NOT_FOUND, () -> clients.delete(tenant, "no-such-client"));
        String server = RealKeycloak.realm().clients().findByClientId("quanyu-server").getFirst().getId();
        refusal(ErrorCode.API_CLIENT_NOT_FOUND, () -> clients.regenerateSecret(tenant, server));
        assertThat(clients.list(tenant)).extracting(ApiClient::enabled).containsExactly(true);
    }

    @Test
    void listsTheRealmsOwnIntegratorUnderItsTenantOnly() {
        assertThat(clients.list(new TenantId("acme"))).extracting(ApiClient::clientId)
                .contains("acme-integrator").doesNotContain("globex-integrator");
    }

    @Test
    void refusesDuplicatesAndRolesBeyondIntegratorAndViewer() {
        clients.create(tenant, new NewApiClient("Shop", null, Set.of(Role.INTEGRATOR)));

        var duplicate = refusal(ErrorCode.API_CLIENT_EXISTS,
                () -> clients.create(tenant, new NewApiClient("shop", null, Set.of(Role.VIEWER))));
        assertThat(duplicate.getMessage()).contains(tenant.value() + "-shop");
        refusal(ErrorCode.REQUEST_VALIDATION_FAILED,
                () -> clients.create(tenant, new NewApiClient("admin", null, Set.of(Role.TENANT_ADMIN))));
        refusal(ErrorCode.REQUEST_VALIDATION_FAILED,
                () -> clients.create(tenant, new NewApiClient(" ", null, Set.of(Role.VIEWER))));
        assertThat(clients.list(tenant)).hasSize(1);
    }
}
