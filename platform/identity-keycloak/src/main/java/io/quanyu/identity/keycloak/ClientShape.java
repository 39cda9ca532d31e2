package io.quanyu.identity.keycloak;

import io.quanyu.core.identity.NewApiClient;
import io.quanyu.core.tenant.TenantId;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * What a tenant's API client looks like in Keycloak: confidential, client credentials only, a service account, a
 * hard-coded {@code tenant} claim (the tenant's users get theirs from their user attribute instead) and the API's
 * audience: the same shape as the realm's {@code acme-integrator}.
 */
final class ClientShape {
    static final String TENANT_CLAIM = "tenant";
    static final String API_AUDIENCE = "quanyu-api";
    private static final String HARDCODED_CLAIM = "oidc-hardcoded-claim-mapper";
    private static final int MAX_SLUG = 40;

    private ClientShape() {
    }

    static String prefix(TenantId tenant) {
        return tenant.value() + "-";
    }

    /** {@code <tenant>-<name in lower case, other characters as '-'>}, or a random suffix for names without any. */
    static String clientId(TenantId tenant, String name) {
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > MAX_SLUG) {
            slug = slug.substring(0, MAX_SLUG).replaceAll("-+$", "");
        }
        return prefix(tenant) + (slug.isEmpty() ? UUID.randomUUID().toString().substring(0, 8) : slug);
    }

    static boolean belongsTo(ClientRepresentation client, TenantId tenant) {
        return client.getClientId() != null && client.getClientId().startsWith(prefix(tenant))
                && client.getProtocolMappers() != null && client.getProtocolMappers().stream()
                .anyMatch(m -> HARDCODED_CLAIM.equals(m.getProtocolMapper()) && m.getConfig() != null
                        && TENANT_CLAIM.equals(m.getConfig().get("claim.name"))
                        && tenant.value().equals(m.getConfig().get("claim.value")));
    }

    static ClientRepresentation of(TenantId tenant, NewApiClient input) {
        var client = new ClientRepresentation();
        client.setClientId(clientId(tenant, input.name()));
        client.setName(input.name().strip());
        client.setDescription(input.description());
        client.setEnabled(true);
        client.setProtocol("openid-connect");
        client.setPublicClient(false);
        client.setClientAuthenticatorType("client-secret");
        client.setServiceAccountsEnabled(true);
        client.setStandardFlowEnabled(false);
        client.setImplicitFlowEnabled(false);
        client.setDirectAccessGrantsEnabled(false);
        client.setProtocolMappers(List.of(tenantClaim(tenant), audience()));
        return client;
    }

    private static ProtocolMapperRepresentation tenantClaim(TenantId tenant) {
        return mapper(TENANT_CLAIM, HARDCODED_CLAIM, Map.of("claim.name", TENANT_CLAIM, "claim.value", tenant.value(),
                "jsonType.label", "String", "access.token.claim", "true", "id.token.claim", "true",
                "userinfo.token.claim", "true", "introspection.token.claim", "true"));
    }

    private static ProtocolMapperRepresentation audience() {
        return mapper("quanyu-api-audience", "oidc-audience-mapper", Map.of("included.custom.audience", API_AUDIENCE,
                "access.token.claim", "true", "id.token.claim", "false", "introspection.token.claim", "true"));
    }

    private static ProtocolMapperRepresentation mapper(String name, String type, Map<String, String> config) {
        var mapper = new ProtocolMapperRepresentation();
        mapper.setName(name);
        mapper.setProtocol("openid-connect");
        mapper.setProtocolMapper(type);
        mapper.setConfig(config);
        return mapper;
    }
}
