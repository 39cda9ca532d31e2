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
 * An access token from the dev realm's Keycloak, fetched again a minute before it expires (the realm's tokens live
 * five minutes) or when the server refused it: the acme integrator's (client credentials, {@link #integrator}) or a
 * demo user's ({@code acme-admin} by the command-line client's password grant, {@link #admin}).
 */
final class BenchToken {
    private final HttpClient http;
    private final URI endpoint;
    private final String form;
    private final String who;
    private String token;
    private Instant renewAt = Instant.MIN;

    private BenchToken(HttpClient http, String keycloakUrl, String form, String who) {
        this.http = http;
        this.endpoint = URI.create(keycloakUrl + "/realms/quanyu/protocol/openid-connect/token");
        this.form = form;
        this.who = who;
    }

    /**
     * The acme integrator's token; client id and secret from {@code -Dquanyu.bench.client-id} and
     * {@code -Dquanyu.bench.client-secret}, by default the dev realm's.
     */
    static BenchToken integrator(HttpClient http, String keycloakUrl) {
        String client = System.getProperty("quanyu.bench.client-id", "acme-integrator");
        return new BenchToken(http, keycloakUrl, "grant_type=client_credentials&client_id=" + encode(client)
                + "&client_secret=" + encode(System.getProperty("quanyu.bench.client-secret", "acme-integrator-dev-secret")),
                client + "'s client credentials");
    }

    /**
     * A demo user's token, by default acme's administrator; user and password from {@code -Dquanyu.bench.user} and
     * {@code -Dquanyu.bench.password}.
     */
    static BenchToken admin(HttpClient http, String keycloakUrl) {
        String user = System.getProperty("quanyu.bench.user", "acme-admin");
        return new BenchToken(http, keycloakUrl, "grant_type=password&client_id=quanyu-cli&username=" + encode(user)
                + "&password=" + encode(System.getProperty("quanyu.bench.password", "quanyu")), user + "'s password grant");
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
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("Keycloak refused " + who + ": " + response.statusCode() + " " + response.body());
        }
        JsonNode answer = BenchEvents.JSON.readTree(response.body());
        token = answer.get("access_token").asString();
        renewAt = Instant.now().plusSeconds(Math.max(10, answer.path("expires_in").asLong(300) - 60));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
