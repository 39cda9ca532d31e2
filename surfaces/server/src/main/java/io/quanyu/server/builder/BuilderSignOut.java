package io.quanyu.server.builder;

import io.quanyu.ui.access.SignOut;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Ends the builder user's Keycloak session as well (OIDC RP-initiated logout): the provider's end-session endpoint
 * with the user's ID token as hint, so Keycloak logs out without asking, and a return address it has registered.
 */
@Component
class BuilderSignOut implements SignOut {
    private final ClientRegistrationRepository registrations;

    BuilderSignOut(ClientRegistrationRepository registrations) {
        this.registrations = registrations;
    }

    @Override
    public String endSessionUrl(String returnTo) {
        if (!(SecurityContextHolder.getContext().getAuthentication() instanceof OAuth2AuthenticationToken login)
                || !(login.getPrincipal() instanceof OidcUser user)) {
            return returnTo;
        }
        ClientRegistration registration = registrations.findByRegistrationId(login.getAuthorizedClientRegistrationId());
        Object endpoint = registration.getProviderDetails().getConfigurationMetadata().get("end_session_endpoint");
        if (endpoint == null) {
            return returnTo;
        }
        return UriComponentsBuilder.fromUriString(endpoint.toString())
                .queryParam("id_token_hint", user.getIdToken().getTokenValue())
                .queryParam("client_id", registration.getClientId())
                .queryParam("post_logout_redirect_uri", returnTo)
                .encode().build().toUriString();
    }
}
