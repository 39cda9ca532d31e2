package io.quanyu.identity.keycloak;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.identity.ApiClient;
import io.quanyu.core.identity.ApiClientSecret;
import io.quanyu.core.identity.ApiClients;
import io.quanyu.core.identity.NewApiClient;
import io.quanyu.core.tenant.TenantId;
import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A tenant's API clients as confidential Keycloak clients with a service account, made like the realm's
 * {@code acme-integrator}: a hard-coded {@code tenant} claim and the {@code quanyu-api} audience in every token, and
 * the client's roles as realm roles of its service account. A client belongs to a tenant when its id starts with
 * {@code <tenant>-} and its tenant claim names that tenant; any other client is "not found" for every call.
 */
public final class KeycloakApiClients implements ApiClients {
    private static final int PAGE = 100;

    private final RealmResource realm;
    private final RealmRoles roles;

    public KeycloakApiClients(RealmResource realm) {
        this.realm = realm;
        this.roles = new RealmRoles(realm);
    }

    @Override
    public List<ApiClient> list(TenantId tenant) {
        return KeycloakErrors.call(() -> {
            List<ApiClient> all = new ArrayList<>();
            List<ClientRepresentation> page;
            int first = 0;
            do {
                page = realm.clients().findAll(ClientShape.prefix(tenant), true, true, first, PAGE);
                first += page.size();
                page.stream().filter(c -> ClientShape.belongsTo(c, tenant)).map(this::view).forEach(all::add);
            } while (page.size() == PAGE);
            return all;
        });
    }

    @Override
    public ApiClientSecret create(TenantId tenant, NewApiClient client) {
        client.validated();
        ClientRepresentation representation = ClientShape.of(tenant, client);
        String id;
        try (Response response = KeycloakErrors.call(() -> realm.clients().create(representation))) {
            if (response.getStatus() != 201) {
                throw KeycloakErrors.refused(response, () -> new QuanyuException(ErrorCode.API_CLIENT_EXISTS,
                        Map.of("clientId", representation.getClientId())));
            }
            id = CreatedResponseUtil.getCreatedId(response);
        }
        try {
            ClientResource resource = realm.clients().get(id);
            String account = KeycloakErrors.call(() -> resource.getServiceAccountUser().getId());
            KeycloakErrors.call(() -> roles.replace(realm.users().get(account).roles().realmLevel(), client.roles(),
                    ASSIGNABLE));
            return new ApiClientSecret(view(resource.toRepresentation()), resource.getSecret().getValue());
        } catch (RuntimeException e) {
            realm.clients().get(id).remove();
            throw e;
        }
    }

    @Override
    public ApiClientSecret regenerateSecret(TenantId tenant, String id) {
        ClientResource resource = owned(tenant, id);
        return KeycloakErrors.call(() -> {
            String secret = resource.generateNewSecret().getValue();
            return new ApiClientSecret(view(resource.toRepresentation()), secret);
        }, () -> notFound(id));
    }

    @Override
    public ApiClient setEnabled(TenantId tenant, String id, boolean enabled) {
        ClientResource resource = owned(tenant, id);
        return KeycloakErrors.call(() -> {
            ClientRepresentation client = resource.toRepresentation();
            client.setEnabled(enabled);
            resource.update(client);
            return view(client);
        }, () -> notFound(id));
    }

    @Override
    public void delete(TenantId tenant, String id) {
        ClientResource resource = owned(tenant, id);
        KeycloakErrors.run(resource::remove, () -> notFound(id));
    }

    /** The client, after checking it belongs to {@code tenant}. */
    private ClientResource owned(TenantId tenant, String id) {
        ClientResource resource = realm.clients().get(id);
        ClientRepresentation client = KeycloakErrors.call(resource::toRepresentation, () -> notFound(id));
        if (!ClientShape.belongsTo(client, tenant)) {
            throw notFound(id);
        }
        return resource;
    }

    private ApiClient view(ClientRepresentation c) {
        var account = realm.clients().get(c.getId()).getServiceAccountUser();
        return new ApiClient(c.getId(), c.getClientId(), c.getName(), c.getDescription(),
                Boolean.TRUE.equals(c.isEnabled()), RealmRoles.of(realm.users().get(account.getId()).roles().realmLevel()));
    }

    private static QuanyuException notFound(String id) {
        return new QuanyuException(ErrorCode.API_CLIENT_NOT_FOUND, Map.of("client", id));
    }
}
