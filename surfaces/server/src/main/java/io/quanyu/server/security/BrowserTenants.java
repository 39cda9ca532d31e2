package io.quanyu.server.security;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.TenantContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;

/**
 * The tenant context of the browser session making the current request (the builder UI): the session's access
 * token (refreshed when it expires) checked by the same {@link JwtDecoder} and turned into a context by the same
 * {@link TenantTokenConverter} as an API call, so the browser and the API agree on tenant and roles.
 */
@Component
public class BrowserTenants {
    private final OAuth2AuthorizedClientManager clients;
    private final JwtDecoder decoder;
    private final TenantTokenConverter converter = new TenantTokenConverter();

    BrowserTenants(OAuth2AuthorizedClientManager clients, JwtDecoder decoder) {
        this.clients = clients;
        this.decoder = decoder;
    }

    /** Throws {@code AUTHENTICATION_REQUIRED} outside a signed-in request, {@code TOKEN_INVALID} for a bad token. */
    public TenantContext current() {
        if (!(SecurityContextHolder.getContext().getAuthentication() instanceof OAuth2AuthenticationToken user)
                || !(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes http)) {
            throw new QuanyuException(ErrorCode.AUTHENTICATION_REQUIRED, Map.of());
        }
        OAuth2AuthorizedClient client = clients.authorize(OAuth2AuthorizeRequest
                .withClientRegistrationId(user.getAuthorizedClientRegistrationId()).principal(user)
                .attribute(HttpServletRequest.class.getName(), http.getRequest())
                .attribute(HttpServletResponse.class.getName(), http.getResponse()).build());
        if (client == null) {
            throw new QuanyuException(ErrorCode.AUTHENTICATION_REQUIRED, Map.of());
        }
        try {
            return converter.convert(decoder.decode(client.getAccessToken().getTokenValue())).context();
        } catch (JwtException e) {
            throw new QuanyuException(ErrorCode.TOKEN_INVALID, Map.of("reason", "the session's token was refused"), e);
        }
    }
}
