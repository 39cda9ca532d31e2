package io.quanyu.server.security;

import io.quanyu.core.tenant.TenantContext;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.Collection;

/** An authenticated API call: the verified token and the {@link TenantContext} derived from it. */
public final class TenantAuthentication extends JwtAuthenticationToken {
    private final transient TenantContext context;

    TenantAuthentication(Jwt jwt, Collection<? extends GrantedAuthority> authorities, TenantContext context) {
        super(jwt, authorities, context.username());
        this.context = context;
    }

    public TenantContext context() {
        return context;
    }
}
