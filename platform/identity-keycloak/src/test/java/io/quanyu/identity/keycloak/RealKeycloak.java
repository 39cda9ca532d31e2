package io.quanyu.identity.keycloak;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.testfixtures.LocalServers;
import org.assertj.core.api.ThrowableAssert;
import org.keycloak.OAuth2Constants;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The dev realm on the local Keycloak ({@code dev/servers start keycloak}), reached as the server reaches it (the
 * {@code quanyu-server} service account), and tokens obtained as users and integrators obtain them.
 */
final class RealKeycloak {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Keycloak ADMIN = KeycloakBuilder.builder().serverUrl(LocalServers.requireKeycloak()).realm("quanyu")
            .grantType(OAuth2Constants.CLIENT_CREDENTIALS).clientId("quanyu-server")
            .clientSecret("quanyu-server-dev-secret").build();

    private RealKeycloak() {
    }

    static RealmResource realm() {
        return ADMIN.realm("quanyu");
    }

    /** A tenant id no other run used (Keycloak keeps its users between runs). */
    static TenantId freshTenant() {
        return new TenantId("kc" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    }

    /** The token endpoint's answer: status and JSON body. */
    record TokenReply(int status, Map<String, Object> body) {
        @SuppressWarnings("unchecked")
        Map<String, Object> claims() {
            String jwt = (String) body.get("access_token");
            return read(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
        }
    }

    static TokenReply clientCredentials(String clientId, String secret) {
        return token(Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
    }

    static TokenReply password(String username, String password) {
        return token(Map.of("grant_type", "password", "client_id", "quanyu-cli", "username", username,
                "password", password));
    }

    private static TokenReply token(Map<String, String> form) {
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(),
                StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        var request = HttpRequest.newBuilder(URI.create(LocalServers.requireKeycloak()
                        + "/realms/quanyu/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            var response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new TokenReply(response.statusCode(), read(response.body()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(String json) {
        try {
            return JsonSerialization.readValue(json, Map.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static QuanyuException refusal(ErrorCode code, ThrowableAssert.ThrowingCallable call) {
        QuanyuException e = catchThrowableOfType(QuanyuException.class, call);
        assertThat(e).as("expected " + code).isNotNull();
        assertThat(e.code()).isEqualTo(code);
        return e;
    }
}
