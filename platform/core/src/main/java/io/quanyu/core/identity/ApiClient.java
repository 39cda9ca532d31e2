package io.quanyu.core.identity;

import io.quanyu.core.tenant.Role;

import java.util.Set;

/**
 * An integrator's API client of one tenant: a confidential OAuth client that obtains tokens with client
 * credentials; its tokens carry the tenant and the client's roles.
 *
 * @param id       the identity provider's internal id (used to address the client)
 * @param clientId the OAuth {@code client_id}, always {@code <tenant>-...}
 */
public record ApiClient(String id, String clientId, String name, String description, boolean enabled,
                        Set<Role> roles) {
    public ApiClient {
        roles = Set.copyOf(roles);
    }
}
