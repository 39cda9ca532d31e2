package io.quanyu.server.it;

import com.mongodb.client.MongoClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input to the tenant API gets a 4xx with a stable code and changes nothing anywhere. */
class TenantApiInputIT extends RealServersIT {
    @Autowired
    MongoClient mongo;

    private String platform;
    private String tenantsBefore;
    private List<String> databasesBefore;

    @BeforeEach
    void snapshot() {
        platform = Tokens.demo("platform-admin");
        tenantsBefore = api().get("/api/v1/platform/tenants", platform).raw();
        databasesBefore = mongo.listDatabaseNames().into(new ArrayList<>());
    }

    private void assertNothingChanged() {
        assertThat(api().get("/api/v1/platform/tenants", platform).raw()).isEqualTo(tenantsBefore);
        assertThat(mongo.listDatabaseNames().into(new ArrayList<>())).containsExactlyInAnyOrderElementsOf(databasesBefore);
    }

    private static String body(String id) {
        return """
                {"id": %s, "name": "Bad", "admin": {"username": "someone-new", "email": "x@example.com"}}
                """.formatted(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\"ab\"", "\"Acme\"", "\"acme-co\"", "\"1acme\"", "\"platform\"", "\"admin\"",
            "\"config\"", "\"abcdefghijklmnopqrstuvwxyz0123456789\"", "\"a/../b\"", "\"$where\"", "null", "42", "[\"x\"]"})
    void badIdsAreRefusedWithAPointerToTheField(String id) {
        var reply = api().post("/api/v1/platform/tenants", platform, body(id));
        assertThat(reply.status()).as(reply.raw()).isEqualTo(400);
        assertThat(reply.code()).isEqualTo("REQUEST_VALIDATION_FAILED");
        assertThat(reply.json().path("violations").toString()).contains("\"/id\"");
        assertNothingChanged();
    }

    @Test
    void everyBadFieldIsListedAtOnce() {
        var reply = api().post("/api/v1/platform/tenants", platform, """
                {"id": "Bad-Id", "name": "", "admin": {"username": "X", "email": "not-an-email", "password": "short",
                 "role": "root"}, "quotas": {"maxPlugins": 0, "apiCallsPerMinute": "many"}, "tenant": "acme"}
                """);
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().path("violations").findValuesAsString("pointer")).containsExactlyInAnyOrder(
                "/tenant", "/id", "/name", "/admin/role", "/admin/username", "/admin/email", "/admin/password",
                "/quotas/apiCallsPerMinute", "/quotas/maxPlugins");
        assertNothingChanged();
    }

    @Test
    void duplicateIdIs409() {
        var reply = api().post("/api/v1/platform/tenants", platform, body("\"acme\""));
        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.code()).isEqualTo("TENANT_EXISTS");
        assertNothingChanged();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"id\":", "not json", "", "{\"id\": \"x\"} trailing", "[]", "\"string\""})
    void malformedJsonIs400(String raw) {
        var reply = api().post("/api/v1/platform/tenants", platform, raw);
        assertThat(reply.status()).as(reply.raw()).isEqualTo(400);
        assertThat(reply.code()).isIn("MALFORMED_REQUEST", "REQUEST_VALIDATION_FAILED");
        assertThat(reply.raw()).doesNotContain("tools.jackson").doesNotContain("Exception");
        assertNothingChanged();
    }

    @Test
    void oversizedBodyIs413() {
        String big = "{\"id\": \"bigone\", \"name\": \"" + "x".repeat(5_000_000) + "\"}";
        var reply = api().post("/api/v1/platform/tenants", platform, big);
        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.code()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertNothingChanged();
    }

    @Test
    void wrongContentTypeIs415() {
        var reply = api().post("/api/v1/platform/tenants", platform, body("\"plainone\""), "Content-Type", "text/plain");
        assertThat(reply.status()).isEqualTo(415);
        assertThat(reply.code()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        assertNothingChanged();
    }

    @Test
    void unknownTenantAndBadPathIdAreClientErrors() {
        assertThat(api().get("/api/v1/platform/tenants/nosuchtenant", platform).code()).isEqualTo("TENANT_NOT_FOUND");
        var bad = api().post("/api/v1/platform/tenants/Bad..Id/suspend", platform, "");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.code()).isEqualTo("TENANT_ID_INVALID");
        assertThat(api().get("/api/v1/nothing-here", Tokens.demo("acme-admin")).code()).isEqualTo("ROUTE_NOT_FOUND");
        var method = api().delete("/api/v1/platform/tenants", platform);
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.code()).isEqualTo("METHOD_NOT_ALLOWED");
        assertNothingChanged();
    }
}
