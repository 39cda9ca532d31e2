package io.quanyu.server.session;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * The browser session after the OIDC login (authorization code + PKCE): who is signed in and for which tenant.
 * The no-code builder will be served beside it.
 */
@RestController
class SessionController {

    @GetMapping("/session")
    Session session(@AuthenticationPrincipal OidcUser user) {
        return new Session(user.getPreferredUsername(), user.getClaimAsString("tenant"),
                user.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList());
    }

    record Session(String username, String tenant, List<String> authorities) {
    }
}
