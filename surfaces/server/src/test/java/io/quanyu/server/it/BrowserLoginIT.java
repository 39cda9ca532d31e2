package io.quanyu.server.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.util.List;
import java.util.Map;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The browser login: authorization code with PKCE through the public builder client, against the real Keycloak. */
class BrowserLoginIT extends RealServersIT {
    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    @Test
    void loginWithPkceEstablishesASessionForTheUsersTenant() throws Exception {
        var browser = HttpClient.newBuilder().cookieHandler(new LoopbackSecureCookies())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String base = "http://127.0.0.1:" + port;

        var start = browser.send(HttpRequest.newBuilder(URI.create(base + "/session")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(start.statusCode()).isEqualTo(302);
        var toAuthorize = browser.send(HttpRequest.newBuilder(location(start, base)).build(),
                HttpResponse.BodyHandlers.ofString());
        URI authorize = location(toAuthorize, base);
        assertThat(authorize.toString()).contains("/realms/quanyu/protocol/openid-connect/auth")
                .contains("client_id=quanyu-builder").contains("code_challenge=").contains("code_challenge_method=S256");

        var loginPage = browser.send(HttpRequest.newBuilder(authorize).build(), HttpResponse.BodyHandlers.ofString());
        var matcher = FORM_ACTION.matcher(loginPage.body());
        assertThat(matcher.find()).as("Keycloak login form").isTrue();
        String action = matcher.group(1).replace("&amp;", "&");
        String form = "username=acme-viewer&password=" + URLEncoder.encode(Tokens.DEMO_PASSWORD, StandardCharsets.UTF_8);
        var afterLogin = browser.send(HttpRequest.newBuilder(URI.create(action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(afterLogin.statusCode()).isEqualTo(302);
        URI callback = location(afterLogin, base);
        assertThat(callback.getPath()).isEqualTo("/login/oauth2/code/keycloak");

        var back = browser.send(HttpRequest.newBuilder(callback).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
        var session = browser.send(HttpRequest.newBuilder(location(back, base)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(session.statusCode()).isEqualTo(200);
        var json = Api.JSON.readTree(session.body());
        assertThat(json.path("username").asString()).isEqualTo("acme-viewer");
        assertThat(json.path("tenant").asString()).isEqualTo("acme");
    }

    /**
     * Browsers treat loopback origins as secure contexts and send {@code Secure} cookies to them over http (Keycloak
     * marks its login-session cookies Secure); java.net's CookieManager does not, so this handler does what a
     * browser does for 127.0.0.1.
     */
    private static final class LoopbackSecureCookies extends CookieHandler {
        private final CookieManager cookies = new CookieManager();

        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> headers) throws IOException {
            boolean loopback = "127.0.0.1".equals(uri.getHost()) && "http".equals(uri.getScheme());
            return cookies.get(loopback ? URI.create("https" + uri.toString().substring(4)) : uri, headers);
        }

        @Override
        public void put(URI uri, Map<String, List<String>> headers) throws IOException {
            cookies.put(uri, headers);
        }
    }

    private static URI location(HttpResponse<?> response, String base) {
        String location = response.headers().firstValue("Location").orElseThrow(
                () -> new AssertionError("no redirect: " + response.statusCode() + " " + response.body()));
        return location.startsWith("http") ? URI.create(location) : URI.create(base + location);
    }
}
