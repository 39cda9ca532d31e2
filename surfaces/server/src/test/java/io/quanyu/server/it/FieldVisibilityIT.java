package io.quanyu.server.it;

import com.mongodb.client.MongoClients;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.mongodb.MongoTenantExporter;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A customer field only tenant admins may read ({@code readRoles: ["tenant-admin"]}) leaves the platform through no
 * surface for any other role, and through each of them for an admin: the REST record, query and search, the customer
 * 360 and its timeline, GraphQL's object, connection and {@code customer360}, and the privacy export. The tenant
 * export is the platform operator's complete archive (no tenant role may make one) and keeps the field. (The CSV
 * export and the services plugins get have their own tests: {@code CsvExportVisibilityTest} in the builder and
 * {@code PluginRecordVisibilityTest} in the plugin host, on the same guarded service.)
 */
class FieldVisibilityIT extends RealServersIT {

    @Test
    void aFieldOnlyAdminsMayReadLeavesThroughNoSurfaceForAnyoneElse() throws IOException {
        String u = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String integrator = Tokens.clientCredentials("acme-integrator", "acme-integrator-dev-secret");
        String builder = Tokens.demo("acme-builder");
        String admin = Tokens.demo("acme-admin");
        String field = "secret" + u;
        String secret = "SECRET-" + u + "-秘密";
        String phone = "+86139" + String.format("%08d", Math.floorMod(u.hashCode(), 100_000_000));
        String customer = customerWithProfile(integrator, u, phone);
        var added = api().post("/api/v1/metadata/objects/customer/fields", builder, """
                {"apiName": "%s", "type": "text", "label": {"en": "Secret note"}, "readRoles": ["tenant-admin"]}
                """.formatted(field));
        assertThat(added.status()).as(added.raw()).isEqualTo(200);
        try {
            long version = api().get("/api/v1/records/customer/" + customer, admin).json().path("_version").asLong();
            var set = api().send("PATCH", "/api/v1/records/customer/" + customer, admin,
                    "{\"_version\": " + version + ", \"" + field + "\": \"" + secret + "\"}");
            assertThat(set.status()).as(set.raw()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> api().get("/api/v1/records/customer/search?q=" + u, admin).raw()
                    .contains(secret));

            Map<String, String> others = new LinkedHashMap<>();
            others.put("viewer", Tokens.demo("acme-viewer"));
            others.put("builder", builder);
            others.put("integrator", integrator);
            others.forEach((role, token) -> surfaces(token, customer, field, u, phone).forEach((surface, answer) ->
                    assertThat(answer).as(role + " through " + surface).doesNotContain(secret)));
            surfaces(admin, customer, field, u, phone).forEach((surface, answer) -> {
                if (!surface.equals("timeline")) {
                    assertThat(answer).as("admin through " + surface).contains(secret);
                }
            });
            others.forEach((role, token) -> assertThat(api().get("/api/v1/customers/" + customer + "/export", token).status())
                    .as(role + " privacy export").isEqualTo(403));
            assertThat(api().get("/api/v1/customers/" + customer + "/export", admin).raw()).contains(secret);
            assertThat(operatorArchive()).as("the operator's tenant export").contains(secret);
        } finally {
            api().delete("/api/v1/metadata/objects/customer/fields/" + field, builder);
        }
    }

    private String customerWithProfile(String integrator, String u, String phone) {
        var tracked = api().post("/api/v1/events", integrator, """
                {"events": [{"eventId": "fv-%1$s", "type": "signup", "channel": "wechat", "time": "2026-11-01T08:00:00Z",
                  "identities": {"wechat_openid": {"scope": "wx1", "value": "o-%1$s"}, "phone": "%2$s"},
                  "properties": {"name": "可见性%1$s"}}]}
                """.formatted(u, phone));
        assertThat(tracked.status()).as(tracked.raw()).isEqualTo(200);
        String customer = tracked.json().path("results").get(0).path("customerId").asString();
        long version = api().get("/api/v1/records/customer/" + customer, integrator).json().path("_version").asLong();
        var named = api().send("PATCH", "/api/v1/records/customer/" + customer, integrator,
                "{\"_version\": " + version + ", \"name\": \"可见性 " + u + "\"}");
        assertThat(named.status()).as(named.raw()).isEqualTo(200);
        return customer;
    }

    /** What each surface answers this token about the customer. */
    private Map<String, String> surfaces(String token, String customer, String field, String u, String phone) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("REST record", api().get("/api/v1/records/customer/" + customer, token).raw());
        out.put("REST query", api().post("/api/v1/records/customer/query", token,
                "{\"filter\": {\"field\": \"phone\", \"op\": \"eq\", \"value\": \"" + phone + "\"}}").raw());
        out.put("search", api().get("/api/v1/records/customer/search?q=" + u, token).raw());
        out.put("customer 360", api().get("/api/v1/customers/" + customer + "/360", token).raw());
        out.put("timeline", api().get("/api/v1/customers/" + customer + "/timeline", token).raw());
        out.put("GraphQL object", graphql(token, "query($id: ID!) { customer(id: $id) { _id " + field + " } }", customer));
        out.put("GraphQL connection", graphql(token, "query($id: ID!) { customers(filter: {_id: {eq: $id}}) { nodes { _id "
                + field + " } } }", customer));
        out.put("GraphQL customer360", graphql(token, "query($id: ID!) { customer360(id: $id) { id record } }", customer));
        return out;
    }

    private String graphql(String token, String query, String id) {
        JsonNode body = Api.JSON.valueToTree(Map.of("query", query, "variables", Map.of("id", id)));
        var reply = api().post("/graphql", token, body.toString());
        assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
        return reply.raw();
    }

    private static String operatorArchive() throws IOException {
        Path dir = Files.createTempDirectory("quanyu-visibility-export");
        try (var client = MongoClients.create(MONGO.connectionString())) {
            var export = new MongoTenantExporter(client, dir, Clock.systemUTC()).export(new TenantId("acme"));
            StringBuilder all = new StringBuilder();
            try (var zip = new ZipFile(export.file())) {
                for (var entry : java.util.Collections.list(zip.entries())) {
                    all.append(new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            return all.toString();
        }
    }
}
