package io.quanyu.server.it;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.mongodb.client.MongoClient;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.identity.keycloak.KeycloakTenantUsers;
import io.quanyu.search.elasticsearch.ElasticsearchTenantIndices;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Map;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/** A tenant's whole life through the API, checked in the real MongoDB wire server, Elasticsearch and Keycloak. */
class TenantLifecycleIT extends RealServersIT {
    @Autowired
    MongoClient mongo;
    @Autowired
    ElasticsearchClient elasticsearch;
    @Autowired
    ElasticsearchTenantIndices indices;
    @Autowired
    KeycloakTenantUsers users;

    private String createBody(String id, String admin, String extraQuotas) {
        return """
                {"id": "%s", "name": "生命周期 %s",
                 "admin": {"username": "%s", "email": "%s@example.com", "password": "s3cret-pass", "temporaryPassword": false}%s}
                """.formatted(id, id, admin, admin, extraQuotas);
    }

    @Test
    void createServeSuspendResumeDelete() throws Exception {
        String platform = Tokens.demo("platform-admin");
        String id = freshTenantId();
        TenantId tenant = TenantId.of(id);

        var created = api().post("/api/v1/platform/tenants", platform, createBody(id, id + "-admin", ""));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/v1/platform/tenants/" + id);
        assertThat(created.json().path("tenant").path("status").asString()).isEqualTo("ACTIVE");
        assertThat(created.json().path("admin").has("initialPassword")).as("caller chose the password").isFalse();
        assertThat(api().get("/api/v1/platform/tenants/" + id, platform).json().path("createdAt"))
                .isEqualTo(created.json().path("tenant").path("createdAt"));
        assertThat(mongo.listDatabaseNames().into(new ArrayList<>())).contains("quanyu_t_" + id);
        assertThat(indices.templateExists(tenant)).isTrue();
        assertThat(users.usersOf(tenant)).extracting(u -> u.getUsername()).containsExactly(id + "-admin");

        String admin = Tokens.password(id + "-admin", "s3cret-pass");
        var own = api().get("/api/v1/tenant", admin);
        assertThat(own.status()).as(own.raw()).isEqualTo(200);
        assertThat(own.json().path("id").asString()).isEqualTo(id);
        assertThat(api().get("/api/v1/me", admin).json().path("roles").toString()).contains("TENANT_ADMIN");

        // data in every store, to be exported and then removed
        mongo.getDatabase("quanyu_t_" + id).getCollection("customers").insertOne(new Document("name", "王五"));
        elasticsearch.index(i -> i.index("quanyu-" + id + "-customers").id("1")
                .document(Map.of("name", "王五")));
        assertThat(indices.indices(tenant)).containsExactly("quanyu-" + id + "-customers");

        var suspended = api().post("/api/v1/platform/tenants/" + id + "/suspend", platform, "");
        assertThat(suspended.json().path("status").asString()).isEqualTo("SUSPENDED");
        var refused = api().get("/api/v1/tenant", admin);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("TENANT_SUSPENDED");

        assertThat(api().post("/api/v1/platform/tenants/" + id + "/resume", platform, "").status()).isEqualTo(200);
        assertThat(api().get("/api/v1/tenant", admin).status()).isEqualTo(200);

        var deleted = api().delete("/api/v1/platform/tenants/" + id, platform);
        assertThat(deleted.status()).as(deleted.raw()).isEqualTo(200);
        assertThat(deleted.json().path("status").asString()).isEqualTo("DELETED");
        Path export = Path.of(deleted.json().path("export").path("file").asString());
        assertThat(export).exists().startsWith(EXPORTS);
        try (var zip = new ZipFile(export.toFile())) {
            var customers = new String(zip.getInputStream(zip.getEntry("customers.jsonl")).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertThat(customers).contains("王五");
        }
        assertThat(mongo.listDatabaseNames().into(new ArrayList<>())).doesNotContain("quanyu_t_" + id);
        assertThat(indices.indices(tenant)).isEmpty();
        assertThat(indices.templateExists(tenant)).isFalse();
        assertThat(users.usersOf(tenant)).isEmpty();
        var gone = api().get("/api/v1/tenant", admin);
        assertThat(gone.status()).isEqualTo(403);
        assertThat(gone.code()).isEqualTo("TENANT_UNKNOWN");
        assertThat(Files.size(export)).isPositive();
    }

    @Test
    void rateLimitIsEnforcedPerTenantWithRetryAfter() {
        String platform = Tokens.demo("platform-admin");
        String id = freshTenantId();
        var created = api().post("/api/v1/platform/tenants", platform,
                createBody(id, id + "-admin", ", \"quotas\": {\"apiCallsPerMinute\": 3}"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String admin = Tokens.password(id + "-admin", "s3cret-pass");
        try {
            Api.Reply last = null;
            for (int i = 0; i < 4; i++) {
                last = api().get("/api/v1/me", admin);
            }
            if (last.status() == 200) { // the minute turned between calls: one more full window
                for (int i = 0; i < 4; i++) {
                    last = api().get("/api/v1/me", admin);
                }
            }
            assertThat(last.status()).isEqualTo(429);
            assertThat(last.code()).isEqualTo("RATE_LIMITED");
            assertThat(Integer.parseInt(last.header("Retry-After"))).isBetween(1, 60);
            assertThat(last.header("X-RateLimit-Remaining")).isEqualTo("0");
            assertThat(api().get("/api/v1/me", Tokens.demo("acme-admin")).status()).isEqualTo(200);
        } finally {
            api().delete("/api/v1/platform/tenants/" + id, platform);
        }
    }

    @Test
    void generatedPasswordIsReturnedOnceAndMustBeChangedAtFirstLogin() {
        String platform = Tokens.demo("platform-admin");
        String id = freshTenantId();
        var created = api().post("/api/v1/platform/tenants", platform, """
                {"id": "%s", "name": "Generated", "admin": {"username": "%s-boss", "email": "boss@%s.example"}}
                """.formatted(id, id, id));
        try {
            assertThat(created.status()).as(created.raw()).isEqualTo(201);
            var admin = created.json().path("admin");
            assertThat(admin.path("initialPassword").asString()).hasSize(24);
            assertThat(admin.path("passwordTemporary").asBoolean()).isTrue();
            assertThat(api().get("/api/v1/platform/tenants/" + id, platform).raw())
                    .doesNotContain(admin.path("initialPassword").asString());
            assertThat(users.usersOf(TenantId.of(id)).getFirst().getRequiredActions()).contains("UPDATE_PASSWORD");
        } finally {
            api().delete("/api/v1/platform/tenants/" + id, platform);
        }
    }

    @Test
    void keycloakConflictRollsBackTheWholeTenant() {
        String platform = Tokens.demo("platform-admin");
        String id = freshTenantId();
        var reply = api().post("/api/v1/platform/tenants", platform, createBody(id, "acme-admin", ""));
        assertThat(reply.status()).as(reply.raw()).isEqualTo(409);
        assertThat(reply.code()).isEqualTo("TENANT_ADMIN_EXISTS");
        assertThat(api().get("/api/v1/platform/tenants/" + id, platform).status()).isEqualTo(404);
        assertThat(mongo.listDatabaseNames().into(new ArrayList<>())).doesNotContain("quanyu_t_" + id);
        assertThat(indices.templateExists(TenantId.of(id))).isFalse();
        assertThat(api().get("/api/v1/me", Tokens.demo("acme-admin")).status()).isEqualTo(200);
    }
}
