package io.quanyu.server.it;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Base64;
import java.util.Date;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every kind of bad token is refused with 401; a valid token reaches only its own tenant. */
class TokenSecurityIT extends RealServersIT {

    private void assertRefused(String token, String expectedCode) {
        var reply = api().get("/api/v1/tenant", token);
        assertThat(reply.status()).as(reply.raw()).isEqualTo(401);
        assertThat(reply.code()).isEqualTo(expectedCode);
        assertThat(reply.json().path("correlationId").asString()).isNotBlank();
        assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(reply.raw()).doesNotContain("Exception").doesNotContain("at org.").doesNotContain("acme");
    }

    @Test
    void noTokenIs401() {
        assertRefused(null, "AUTHENTICATION_REQUIRED");
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "a.b.c", "eyJhbGciOiJSUzI1NiJ9.e30.c2ln", "...."})
    void garbageIs401(String token) {
        assertRefused(token, "TOKEN_INVALID");
    }

    @Test
    void editedPayloadIs401() {
        String[] parts = Tokens.demo("acme-admin").split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), UTF_8).replace("\"acme\"", "\"globex\"");
        assertThat(payload).contains("\"tenant\":\"globex\"");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(UTF_8))
                + "." + parts[2];
        assertRefused(forged, "TOKEN_INVALID");
    }

    @Test
    void algNoneIs401() throws Exception {
        var claims = SignedJWT.parse(Tokens.demo("acme-admin")).getJWTClaimsSet();
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(UTF_8));
        String body = Base64.getUrlEncoder().withoutPadding().encodeToString(claims.toString().getBytes(UTF_8));
        assertRefused(header + "." + body + ".", "TOKEN_INVALID");
    }

    @Test
    void tokenSignedByAnotherKeyWithTheRealmsKeyIdIs401() throws Exception {
        var real = SignedJWT.parse(Tokens.demo("acme-admin"));
        var attackerKey = new RSAKeyGenerator(2048).keyID(real.getHeader().getKeyID()).generate();
        var forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(attackerKey.getKeyID())
                .type(JOSEObjectType.JWT).build(), real.getJWTClaimsSet());
        forged.sign(new RSASSASigner(attackerKey));
        assertRefused(forged.serialize(), "TOKEN_INVALID");
    }

    @Test
    void tokenFromAnotherRealmIs401() {
        String other = Tokens.password("quanyu-other", "quanyu-cli", "intruder", Tokens.DEMO_PASSWORD);
        assertRefused(other, "TOKEN_INVALID");
        assertThat(api().get("/api/v1/platform/tenants", other).status()).isEqualTo(401);
    }

    @Test
    void expiredTokenIs401() throws Exception {
        String shortLived = Tokens.password("quanyu", "quanyu-cli-short-lived", "acme-admin", Tokens.DEMO_PASSWORD);
        Date expiry = SignedJWT.parse(shortLived).getJWTClaimsSet().getExpirationTime();
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            var reply = api().get("/api/v1/tenant", shortLived);
            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.json().path("details").path("reason").asString()).isEqualTo("it has expired");
        });
        assertThat(expiry).isBefore(new Date());
    }

    @Test
    void tokenWithoutTheApiAudienceIs401() throws Exception {
        var real = SignedJWT.parse(Tokens.demo("acme-admin"));
        var claims = new JWTClaimsSet.Builder(real.getJWTClaimsSet()).audience("someone-else").build();
        var key = new RSAKeyGenerator(2048).keyID("x").generate();
        var forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("x").build(), claims);
        forged.sign(new RSASSASigner(key));
        assertRefused(forged.serialize(), "TOKEN_INVALID");
    }

    @Test
    void validTokenReachesItsOwnTenant() {
        var reply = api().get("/api/v1/tenant", Tokens.demo("acme-admin"));
        assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
        assertThat(reply.json().path("id").asString()).isEqualTo("acme");
        assertThat(reply.header("X-RateLimit-Limit")).isEqualTo("6000");
    }

    @Test
    void serviceAccountTokenOfAnIntegratorCarriesItsTenant() {
        String token = Tokens.clientCredentials("acme-integrator", "acme-integrator-dev-secret");
        var me = api().get("/api/v1/me", token);
        assertThat(me.status()).as(me.raw()).isEqualTo(200);
        assertThat(me.json().path("tenant").asString()).isEqualTo("acme");
        assertThat(me.json().path("serviceAccount").asBoolean()).isTrue();
        assertThat(me.json().path("roles").toString()).contains("INTEGRATOR");
        assertThat(api().get("/api/v1/platform/tenants", token).status()).isEqualTo(403);
    }

    @Test
    void everyWayToNameAnotherTenantGivesNoneOfItsData() {
        String acme = Tokens.demo("acme-admin");
        var attempts = java.util.List.of(
                api().get("/api/v1/tenant?tenant=globex", acme),
                api().get("/api/v1/tenant", acme, "X-Tenant", "globex", "X-Tenant-Id", "globex"),
                api().get("/api/v1/me?tenant=globex", acme),
                api().get("/api/v1/platform/tenants/globex", acme),
                api().get("/api/v1/platform/tenants", acme),
                api().post("/api/v1/platform/tenants/globex/suspend", acme, ""),
                api().delete("/api/v1/platform/tenants/globex", acme),
                api().get("/api/v1/tenants/globex", acme),
                api().get("/api/v1/globex/tenant", acme));
        for (var reply : attempts) {
            assertThat(reply.status()).as(reply.raw()).isIn(200, 403, 404);
            assertThat(reply.raw()).doesNotContain("Globex").doesNotContain("quanyu_t_globex");
            if (reply.status() != 404) {
                assertThat(reply.raw()).doesNotContain("globex");
            }
            if (reply.status() == 200) {
                assertThat(reply.json().path("tenant").isMissingNode() ? reply.json().path("id").asString()
                        : reply.json().path("tenant").asString()).isEqualTo("acme");
            }
        }
        var globex = api().get("/api/v1/platform/tenants/globex", Tokens.demo("platform-admin"));
        assertThat(globex.json().path("status").asString()).isEqualTo("ACTIVE");
    }

    @Test
    void platformAdminCannotUseTenantApis() {
        var reply = api().get("/api/v1/tenant", Tokens.demo("platform-admin"));
        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.code()).isEqualTo("PERMISSION_DENIED");
    }
}
