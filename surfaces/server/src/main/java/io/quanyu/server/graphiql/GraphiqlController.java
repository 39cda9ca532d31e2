package io.quanyu.server.graphiql;

import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;

/**
 * GraphiQL for signed-in users (browser session, OIDC login with PKCE), served from the application's own assets.
 * The page asks {@code /graphiql/token} for the user's current access token (refreshed when needed) and sends it
 * to {@code /graphql} as a bearer token.
 */
@RestController
class GraphiqlController {
    private final OAuth2AuthorizedClientManager clients;

    GraphiqlController(OAuth2AuthorizedClientManager clients) {
        this.clients = clients;
    }

    /** The page; a {@code query} parameter is kept and opens in the editor. */
    @GetMapping({"/graphiql", "/graphiql/"})
    ResponseEntity<Void> page(HttpServletRequest request) {
        String query = request.getQueryString();
        return ResponseEntity.status(302).header("Location", "/graphiql/index.html" + (query == null ? "" : "?" + query)).build();
    }

    @GetMapping("/graphiql/token")
    ResponseEntity<Map<String, String>> token(OAuth2AuthenticationToken user, HttpServletRequest request,
                                              HttpServletResponse response) {
        OAuth2AuthorizedClient client = clients.authorize(OAuth2AuthorizeRequest
                .withClientRegistrationId(user.getAuthorizedClientRegistrationId()).principal(user)
                .attribute(HttpServletRequest.class.getName(), request)
                .attribute(HttpServletResponse.class.getName(), response).build());
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .body(Map.of("accessToken", client.getAccessToken().getTokenValue()));
    }
}
