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
