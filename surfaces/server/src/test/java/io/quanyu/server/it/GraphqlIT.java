package io.quanyu.server.it;

import io.quanyu.server.QuanyuServerApplication;
import io.quanyu.testfixtures.LocalServers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The per-tenant GraphQL endpoint over HTTP with real tokens, and a model change seen by a second server node. */
class GraphqlIT extends RealServersIT {

    private Api.Reply graphql(Api api, String token, String query) {
        String body = Api.JSON.createObjectNode().put("query", query).toString();
        return api.post("/graphql", token, body);
    }

    @Test
    void integratorWritesAndReadsViewerOnlyReadsOtherTenantSeesNothing() {
        String integrator = Tokens.clientCredentials("acme-integrator", "acme-integrator-dev-secret");
        String name = "GraphQL客户" + UUID.randomUUID().toString().substring(0, 6);
        var created = graphql(api(), integrator, "mutation { createCustomer(input: {name: \"" + name + "\", phone: \"13900139000\"}) { _id phone } }");
        assertThat(created.status()).as(created.raw()).isEqualTo(200);
        assertThat(created.json().at("/data/createCustomer/phone").asString()).isEqualTo("+8613900139000");
        String id = created.json().at("/data/createCustomer/_id").asString();

        var read = graphql(api(), Tokens.demo("acme-viewer"), "{ customers(filter: {name: {eq: \"" + name + "\"}}) { totalCount nodes { _id name } } }");
        assertThat(read.json().at("/data/customers/totalCount").asLong()).as(read.raw()).isEqualTo(1);
        var denied = graphql(api(), Tokens.demo("acme-viewer"), "mutation { deleteCustomer(id: \"" + id + "\") { _id } }");
        assertThat(denied.json().at("/errors/0/extensions/code").asString()).isEqualTo("GRAPHQL_INVALID");

        var other = graphql(api(), Tokens.demo("globex-admin"), "{ customer(id: \"" + id + "\") { name } }");
        assertThat(other.raw()).doesNotContain(name);
        assertThat(other.json().at("/data/customer").isNull()).isTrue();

        assertThat(api().post("/graphql", null, "{\"query\": \"{ customers { totalCount } }\"}").status()).isEqualTo(401);
        var get = api().get("/graphql?query=" + java.net.URLEncoder.encode("{ customer(id: \"" + id + "\") { name } }",
                java.nio.charset.StandardCharsets.UTF_8), integrator);
        assertThat(get.json().at("/data/customer/name").asString()).isEqualTo(name);
    }

    /**
     * Every root field and mutation of acme's schema (read by introspection), called with an acme token on globex's
     * ids and filters: no globex data comes back and nothing of globex changes.
     */
    @Test
    void everyRootFieldAndMutationWithAnotherTenantsIdsGivesNothingOfIt() {
        String globex = Tokens.demo("globex-admin");
        var secret = graphql(api(), globex, "mutation { createCustomer(input: {name: \"GlobexOnly\"}) { _id } }");
        String id = secret.json().at("/data/createCustomer/_id").asString();
        assertThat(id).isNotBlank();
        String acme = Tokens.demo("acme-admin");
        var queries = graphql(api(), acme, "{ __type(name: \"Query\") { fields { name args { name } } } }");
        var mutations = graphql(api(), acme, "{ __type(name: \"Mutation\") { fields { name args { name } } } }");
        assertThat(queries.json().at("/data/__type/fields").size()).as(queries.raw()).isGreaterThan(10);
        int calls = 0;
        for (var field : queries.json().at("/data/__type/fields")) {
            String name = field.path("name").asString();
            java.util.List<String> args = field.path("args").findValuesAsString("name");
            String call;
            if (args.contains("id")) {
                call = "{ " + name + "(id: \"" + id + "\") { __typename } }";
            } else if (args.contains("filter")) {
                call = "{ " + name + "(filter: {_id: {eq: \"" + id + "\"}}) { totalCount nodes { __typename } } }";
            } else if (args.contains("text")) {
                call = "{ " + name + "(text: \"GlobexOnly\") { __typename } }";
            } else if (args.contains("apiName")) {
                call = "{ " + name + "(apiName: \"customer\") { apiName } }";
            } else {
                call = "{ " + name + " { __typename } }";
            }
            var reply = graphql(api(), acme, call);
            assertThat(reply.raw()).as(call).doesNotContain("GlobexOnly");
            if (args.contains("filter")) {
                assertThat(reply.json().at("/data/" + name + "/totalCount").asLong()).as(call).isZero();
            }
            calls++;
        }
        for (var field : mutations.json().at("/data/__type/fields")) {
            String name = field.path("name").asString();
            java.util.List<String> args = field.path("args").findValuesAsString("name");
            if (!args.contains("id")) {
                continue;
            }
            String patch = args.contains("patch") ? ", version: 1, patch: {}" : "";
            var reply = graphql(api(), acme, "mutation { " + name + "(id: \"" + id + "\"" + patch + ") { __typename } }");
            if ("GRAPHQL_INVALID".equals(reply.json().at("/errors/0/extensions/code").asString())) {
                reply = graphql(api(), acme, "mutation { " + name + "(id: \"" + id + "\"" + patch + ") }");
            }
            assertThat(reply.raw()).as(name).doesNotContain("GlobexOnly");
            assertThat(reply.json().at("/errors/0/extensions/code").asString()).as(name).endsWith("_NOT_FOUND");
            calls++;
        }
        assertThat(calls).isGreaterThan(30);
        var still = graphql(api(), globex, "{ customer(id: \"" + id + "\") { name _version } }");
        assertThat(still.json().at("/data/customer/name").asString()).isEqualTo("GlobexOnly");
        assertThat(still.json().at("/data/customer/_version").asLong()).isEqualTo(1);
    }

    @Test
    void aFieldAddedThroughOneNodeIsServedByAnotherNode() {
        String builder = Tokens.demo("acme-builder");
        String object = "gq" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        var created = api().post("/api/v1/metadata/objects", builder, """
                {"apiName": "%s", "label": {"en": "G"}, "fields": [{"apiName": "title", "type": "text", "label": {"en": "T"}}]}
                """.formatted(object));
        assertThat(created.status()).isEqualTo(201);
        String plural = object + "s";
        try (var second = new SpringApplicationBuilder(QuanyuServerApplication.class).run(
                "--server.port=0", "--quanyu.mongodb.uri=" + MONGO.connectionString(),
                "--quanyu.elasticsearch.url=" + LocalServers.elasticsearchUrl(), "--quanyu.keycloak.url=" + LocalServers.keycloakUrl(),
                "--quanyu.export-dir=" + EXPORTS, "--quanyu.security.clock-skew=1s")) {
            Api node2 = new Api(((WebServerApplicationContext) second).getWebServer().getPort());
            assertThat(graphql(node2, builder, "{ " + plural + " { nodes { title } } }").json().has("errors")).isFalse();
            assertThat(graphql(node2, builder, "{ " + plural + " { nodes { subtitle } } }").json().has("errors")).isTrue();

            var added = api().post("/api/v1/metadata/objects/" + object + "/fields", builder,
                    "{\"apiName\": \"subtitle\", \"type\": \"text\", \"label\": {\"en\": \"Subtitle\"}}");
            assertThat(added.status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                    assertThat(graphql(node2, builder, "{ " + plural + " { nodes { subtitle } } }").json().has("errors")).isFalse());
        }
    }
}
