package io.quanyu.bench;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * The acme integrator's access token from Keycloak (client credentials), fetched again a minute before it expires
 * (the dev realm's tokens live five minutes) or when the server refused it. Client id and secret come from
 * {@code -Dquanyu.bench.client-id} and {@code -Dquanyu.bench.client-secret}, by default the dev realm's.
 */
final class IntegratorToken {
    private final HttpClient http;
    private final URI endpoint;
    private String token;
    private Instant renewAt = Instant.MIN;

    IntegratorToken(HttpClient http, String keycloakUrl) {
        this.http = http;
        this.endpoint = URI.create(keycloakUrl + "/realms/quanyu/protocol/openid-connect/token");
    }

    synchronized String get() throws IOException, InterruptedException {
        if (token == null || Instant.now().isAfter(renewAt)) {
            fetch();
        }
        return token;
    }

    synchronized void refused() {
        token = null;
    }

    private void fetch() throws IOException, InterruptedException {
        String form = "grant_type=client_credentials&client_id=" + encode(System.getProperty("quanyu.bench.client-id", "acme-integrator"))
                + "&client_secret=" + encode(System.getProperty("quanyu.bench.client-secret", "acme-integrator-dev-secret"));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("Keycloak refused the integrator's client credentials: " + response.statusCode() + " " + response.body());
        }
        JsonNode answer = BenchEvents.JSON.readTree(response.body());
        token = answer.get("access_token").asString();
        renewAt = Instant.now().plusSeconds(Math.max(10, answer.path("expires_in").asLong(300) - 60));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
