package io.quanyu.server.security;

import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.core.tenant.TenantId;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a verified JWT into a {@link TenantAuthentication}. This is the only place a {@link TenantContext} is made:
 * the tenant comes from the token's {@code tenant} claim (checked by {@link TokenValidators}) and nowhere else.
 */
final class TenantTokenConverter implements Converter<Jwt, TenantAuthentication> {
    static final String TENANT_CLAIM = "tenant";
    private static final String SERVICE_ACCOUNT_PREFIX = "service-account-";

    @Override
    public TenantAuthentication convert(Jwt jwt) {
        Set<Role> roles = roles(jwt);
        String username = Optional.ofNullable(jwt.getClaimAsString("preferred_username")).orElse(jwt.getSubject());
        var context = new TenantContext(new TenantId(jwt.getClaimAsString(TENANT_CLAIM)), jwt.getSubject(), username,
                roles, username.startsWith(SERVICE_ACCOUNT_PREFIX));
        var authorities = roles.stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r.name())).toList();
        return new TenantAuthentication(jwt, authorities, context);
    }

    static Set<Role> roles(Jwt jwt) {
        Map<String, Object> realmAccess = jwt.getClaimAsMap("realm_access");
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (realmAccess != null && realmAccess.get("roles") instanceof Collection<?> names) {
            names.stream().map(String::valueOf).map(Role::fromClaim).flatMap(Optional::stream).forEach(roles::add);
        }
        return roles.isEmpty() ? Set.of() : Set.copyOf(List.copyOf(roles));
    }
}
