package io.quanyu.server.it;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.core.tenant.TenantRegistry;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.records.MetadataService;
import io.quanyu.records.RecordService;
import io.quanyu.records.SearchIndexer;
import io.quanyu.server.security.BackgroundJobs;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Elasticsearch is stopped (the real server, through dev/servers) while 10,000 records are written: every write
 * succeeds, and once it is back every record becomes searchable.
 */
class SearchOutageIT extends RealServersIT {
    private static final int RECORDS = 10_000;
    @Autowired
    MetadataService metadata;
    @Autowired
    RecordService records;
    @Autowired
    io.quanyu.outbox.EventSeam seam;
    @Autowired
    MongoTenantDatabases databases;
    @Autowired
    TenantRegistry registry;
    @Autowired
    ElasticsearchClient elasticsearch;
    @Autowired
    io.quanyu.records.RecordSearch search;

    @Test
    void writesSucceedDuringAnOutageAndIndexingCatchesUp() throws Exception {
        var tenant = registry.find(TenantId.of("acme")).orElseThrow();
        var db = databases.forTenant(BackgroundJobs.contextFor(tenant, "test"));
        String object = "visit" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        var json = JsonMapper.builder().build();
        metadata.create(db, json.readTree("""
                {"apiName": "%s", "label": {"en": "Visit"}, "fields": [
                  {"apiName": "note", "type": "text", "label": {"en": "Note"}}, {"apiName": "n", "type": "integer", "label": {"en": "N"}}]}
                """.formatted(object)), "test", Quotas.DEFAULT);

        servers("stop");
        try {
            for (int i = 0; i < RECORDS; i++) {
                records.create(db, object, json.readTree("{\"note\": \"门店到访 " + i + "\", \"n\": " + i + "}"), "test", Quotas.DEFAULT);
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(seam.lag(db, SearchIndexer.NAME)).as("events waiting for search").isGreaterThanOrEqualTo(RECORDS));
            assertThat(seam.deadLetters(db, SearchIndexer.NAME)).as("an outage is not a failure of the events")
                    .noneMatch(letter -> object.equals(letter.event().data().get("object")));
        } finally {
            servers("start");
        }
        String alias = "quanyu-acme-" + object.toLowerCase();
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            assertThat(seam.lag(db, SearchIndexer.NAME)).isZero();
            elasticsearch.indices().refresh(r -> r.index(alias));
            assertThat(elasticsearch.count(c -> c.index(alias)).count()).isEqualTo(RECORDS);
        });
        var found = records.search(db, object, "门店到访 9999", 5, search);
        assertThat(found).extracting(r -> r.path("n").asLong()).contains(9999L);
    }

    private static void servers(String action) throws Exception {
        Path script = Path.of(System.getProperty("user.dir")).resolve("../../dev/servers").normalize();
        var process = new ProcessBuilder("bash", script.toString(), action, "elasticsearch").inheritIO().start();
        assertThat(process.waitFor()).as("dev/servers " + action + " elasticsearch").isZero();
    }
}
