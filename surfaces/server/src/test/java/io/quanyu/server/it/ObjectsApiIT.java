package io.quanyu.server.it;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The metadata and records API as an integrator and a builder use it, with search on the real Elasticsearch. */
class ObjectsApiIT extends RealServersIT {
    @org.springframework.beans.factory.annotation.Autowired
    co.elastic.clients.elasticsearch.ElasticsearchClient elasticsearch;
    private String builder;
    private String object;

    @BeforeEach
    void defineObject() {
        builder = Tokens.demo("acme-builder");
        object = "store" + UUID.randomUUID().toString().replace("-", "").substring(0, 8) + "Event";
        var created = api().post("/api/v1/metadata/objects", builder, """
                {"apiName": "%s", "label": {"en": "Store event", "zh-CN": "门店活动"}, "displayField": "title",
                 "fields": [
                   {"apiName": "title", "type": "text", "label": {"en": "Title", "zh-CN": "标题"}, "required": true},
                   {"apiName": "city", "type": "text", "label": {"en": "City"}},
                   {"apiName": "seats", "type": "integer", "label": {"en": "Seats"}, "min": 0},
                   {"apiName": "host", "type": "reference", "label": {"en": "Host"}, "target": "customer"}
                 ]}
                """.formatted(object));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
    }

    private String path(String rest) {
        return "/api/v1/records/" + object + rest;
    }

    @Test
    void createQueryUpdateSearchAndDelete() {
        String integrator = Tokens.clientCredentials("acme-integrator", "acme-integrator-dev-secret");
        var schema = api().get("/api/v1/metadata/objects/" + object + "/schema", integrator);
        assertThat(schema.json().path("$schema").asString()).contains("2020-12");

        var first = api().post(path(""), integrator, "{\"title\": \"上海春季会员日\", \"city\": \"上海\", \"seats\": 120}");
        assertThat(first.status()).as(first.raw()).isEqualTo(201);
        String id = first.json().path("_id").asString();
        api().post(path(""), integrator, "{\"title\": \"Beijing tasting\", \"city\": \"北京\", \"seats\": 30}");

        var page = api().post(path("/query"), integrator, "{\"filter\": {\"field\": \"seats\", \"op\": \"gte\", \"value\": 100}}");
        assertThat(page.json().path("totalCount").asLong()).isEqualTo(1);

        var updated = api().send("PATCH", path("/" + id), integrator, "{\"_version\": 1, \"seats\": 150}");
        assertThat(updated.status()).as(updated.raw()).isEqualTo(200);
        var stale = api().send("PATCH", path("/" + id), integrator, "{\"_version\": 1, \"seats\": 10}");
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.code()).isEqualTo("VERSION_CONFLICT");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            var hits = api().get(path("/search?q=" + java.net.URLEncoder.encode("会员日", java.nio.charset.StandardCharsets.UTF_8)), integrator);
            assertThat(hits.status()).as(hits.raw()).isEqualTo(200);
            assertThat(hits.json().findValuesAsString("_id")).containsExactly(id);
            assertThat(hits.json().get(0).path("seats").asLong()).isEqualTo(150);
        });

        assertThat(api().delete(path("/" + id), integrator).status()).isEqualTo(200);
        assertThat(api().get(path("/" + id), integrator).code()).isEqualTo("RECORD_NOT_FOUND");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(api().get(path("/search?q=" + java.net.URLEncoder.encode("会员日", java.nio.charset.StandardCharsets.UTF_8)),
                        integrator).json().size()).isZero());
    }

    @Test
    void aFieldTypeChangeRebuildsTheSearchIndexAndSwitchesTheAlias() throws Exception {
        for (int i = 0; i < 30; i++) {
            api().post(path(""), builder, "{\"title\": \"巡店 " + i + "\", \"seats\": " + i + "}");
        }
        String alias = "quanyu-acme-" + object.toLowerCase();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
            elasticsearch.indices().refresh(r -> r.index(alias));
            assertThat(elasticsearch.count(c -> c.index(alias)).count()).isEqualTo(30);
        });
        String before = elasticsearch.indices().getAlias(g -> g.name(alias)).result().keySet().iterator().next();

        String seatsAsText = api().get("/api/v1/metadata/objects/" + object, builder).json().path("definition").toString()
                .replace("\"apiName\":\"seats\",\"type\":\"integer\"", "\"apiName\":\"seats\",\"type\":\"text\"")
                .replace(",\"min\":0", "");
        var change = api().send("PUT", "/api/v1/metadata/objects/" + object, builder, seatsAsText);
        assertThat(change.status()).as(change.raw()).isEqualTo(202);
        String migration = change.json().path("id").asString();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(api().get("/api/v1/metadata/migrations/"
                + migration, builder).json().path("status").asString()).isEqualTo("DONE"));

        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            String now = elasticsearch.indices().getAlias(g -> g.name(alias)).result().keySet().iterator().next();
            assertThat(now).isNotEqualTo(before);
            elasticsearch.indices().refresh(r -> r.index(alias));
            assertThat(elasticsearch.count(c -> c.index(alias)).count()).isEqualTo(30);
            var hits = api().get(path("/search?q=29"), builder);
            assertThat(hits.json().findValuesAsString("seats")).containsExactly("29");
        });
        // The old index goes right after the alias moves: a read between the two still sees it.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(elasticsearch.indices().exists(e -> e.index(before)).value()).isFalse());
    }

    @Test
    void aRequiredFieldsBackfilledDefaultBecomesSearchableInRecordsWrittenBeforeIt() {
        for (int i = 0; i < 3; i++) {
            assertThat(api().post(path(""), builder, "{\"title\": \"盘点 " + i + "\"}").status()).isEqualTo(201);
        }
        String zone = "zone" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String withRegion = api().get("/api/v1/metadata/objects/" + object, builder).json().path("definition").toString()
                .replace("\"fields\":[", "\"fields\":[{\"apiName\":\"region\",\"type\":\"text\",\"label\":{\"en\":\"Region\"},"
                        + "\"required\":true,\"default\":\"" + zone + "\"},");
        var change = api().send("PUT", "/api/v1/metadata/objects/" + object, builder, withRegion);
        assertThat(change.status()).as(change.raw()).isEqualTo(202);
        String migration = change.json().path("id").asString();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(api().get("/api/v1/metadata/migrations/"
                + migration, builder).json().path("status").asString()).isEqualTo("DONE"));
        // Same record versions, new stored values: the index must take them (external_gte), not keep the old ones.
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                assertThat(api().get(path("/search?q=" + zone), builder).json().findValuesAsString("region"))
                        .containsExactly(zone, zone, zone));
    }

    @Test
    void builderEvolvesTheModelViewerOnlyReads() {
        String viewer = Tokens.demo("acme-viewer");
        assertThat(api().get("/api/v1/metadata/objects/" + object, viewer).status()).isEqualTo(200);
        assertThat(api().post(path(""), viewer, "{\"title\": \"x\"}").status()).isEqualTo(403);
        assertThat(api().post("/api/v1/metadata/objects/" + object + "/fields", viewer,
                "{\"apiName\": \"x\", \"type\": \"text\", \"label\": {\"en\": \"X\"}}").status()).isEqualTo(403);

        var added = api().post("/api/v1/metadata/objects/" + object + "/fields", builder,
                "{\"apiName\": \"theme\", \"type\": \"text\", \"label\": {\"en\": \"Theme\", \"zh-CN\": \"主题\"}}");
        assertThat(added.status()).as(added.raw()).isEqualTo(200);
        assertThat(added.json().path("toVersion").asLong()).isEqualTo(2);
        var written = api().post(path(""), builder, "{\"title\": \"t\", \"theme\": \"春\"}");
        assertThat(written.status()).as(written.raw()).isEqualTo(201);

        api().post(path(""), builder, "{\"title\": \"bad seats\", \"city\": \"many\"}");
        String toNumber = api().get("/api/v1/metadata/objects/" + object, builder).json().path("definition").toString()
                .replace("\"apiName\":\"city\",\"type\":\"text\"", "\"apiName\":\"city\",\"type\":\"integer\"");
        var refused = api().send("PUT", "/api/v1/metadata/objects/" + object, builder, toNumber);
        assertThat(refused.status()).as(refused.raw()).isEqualTo(422);
        assertThat(refused.code()).isEqualTo("OBJECT_CHANGE_REFUSED");
        assertThat(refused.json().path("details").path("values").toString()).contains("many");

        var history = api().get("/api/v1/metadata/migrations?object=" + object, viewer);
        assertThat(history.json().findValuesAsString("by")).containsExactly("acme-builder", "acme-builder");
    }

    @Test
    void fieldsReadableOnlyByAdminsAreHiddenFromViewersEverywhere() {
        var added = api().post("/api/v1/metadata/objects/" + object + "/fields", builder,
                "{\"apiName\": \"budget\", \"type\": \"integer\", \"label\": {\"en\": \"Budget\"}, \"readRoles\": [\"tenant-admin\"]}");
        assertThat(added.status()).as(added.raw()).isEqualTo(200);
        String admin = Tokens.demo("acme-admin");
        String id = api().post(path(""), admin, "{\"title\": \"秘密预算\", \"budget\": 90000}").json().path("_id").asString();
        assertThat(api().get(path("/" + id), admin).json().path("budget").asLong()).isEqualTo(90000);

        String viewer = Tokens.demo("acme-viewer");
        var seen = api().get(path("/" + id), viewer);
        assertThat(seen.status()).isEqualTo(200);
        assertThat(seen.raw()).doesNotContain("budget").doesNotContain("90000");
        var probe = api().post(path("/query"), viewer, "{\"filter\": {\"field\": \"budget\", \"op\": \"gt\", \"value\": 1}}");
        assertThat(probe.code()).isEqualTo("QUERY_INVALID");
        var graphql = api().post("/graphql", viewer, Api.JSON.createObjectNode()
                .put("query", "{ " + object + "s { nodes { budget } } }").toString());
        assertThat(graphql.json().at("/errors/0/extensions/code").asString()).isEqualTo("GRAPHQL_INVALID");
    }

    @Test
    void anotherTenantCannotSeeTheObjectOrItsRecords() {
        String globex = Tokens.demo("globex-admin");
        api().post(path(""), builder, "{\"title\": \"secret\"}");
        assertThat(api().get("/api/v1/metadata/objects/" + object, globex).code()).isEqualTo("OBJECT_NOT_FOUND");
        assertThat(api().post(path("/query"), globex, "{}").code()).isEqualTo("OBJECT_NOT_FOUND");
        assertThat(api().get("/api/v1/metadata/objects", globex).raw()).doesNotContain(object);
    }
}
