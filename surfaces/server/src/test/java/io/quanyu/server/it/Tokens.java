package io.quanyu.server.it;

import io.quanyu.testfixtures.LocalServers;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Real tokens from the real Keycloak, obtained the way users and integrators obtain them. */
final class Tokens {
    static final String DEMO_PASSWORD = "quanyu";

    private Tokens() {
    }

    static String password(String username, String password) {
        return password("quanyu", "quanyu-cli", username, password);
    }

    static String demo(String username) {
        return password(username, DEMO_PASSWORD);
    }

    static String password(String realm, String client, String username, String password) {
        var form = new LinkedHashMap<String, String>();
        form.put("grant_type", "password");
        form.put("client_id", client);
        form.put("username", username);
        form.put("password", password);
        return token(realm, form);
    }

    static String clientCredentials(String clientId, String secret) {
        var form = new LinkedHashMap<String, String>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", clientId);
        form.put("client_secret", secret);
        return token("quanyu", form);
    }

    private static String token(String realm, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        var request = HttpRequest.newBuilder(URI.create(LocalServers.requireKeycloak() + "/realms/" + realm
                        + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        var reply = Api.send(request);
        if (reply.status() != 200) {
            throw new IllegalStateException("Keycloak refused a token for " + form.get("username") + form.get("client_id")
                    + ": " + reply.status() + " " + reply.raw());
        }
        return reply.json().path("access_token").asString();
    }
}
