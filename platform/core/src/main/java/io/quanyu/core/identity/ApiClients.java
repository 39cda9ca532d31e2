package io.quanyu.core.identity;

import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantId;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The API clients (client credentials) of one tenant. Client ids start with {@code <tenant>-}, so they never
 * collide across tenants; a client of another tenant is treated as absent ({@code API_CLIENT_NOT_FOUND}).
 */
public interface ApiClients {
    /** The roles an API client may be given. */
    Set<Role> ASSIGNABLE = Set.copyOf(EnumSet.of(Role.INTEGRATOR, Role.VIEWER));

    List<ApiClient> list(TenantId tenant);

    /** Creates an enabled client whose tokens carry {@code tenant} and the client's roles; returns its secret. */
    ApiClientSecret create(TenantId tenant, NewApiClient client);

    /** Issues a new secret; the previous one stops working at once. */
    ApiClientSecret regenerateSecret(TenantId tenant, String id);

    ApiClient setEnabled(TenantId tenant, String id, boolean enabled);

    void delete(TenantId tenant, String id);
}
