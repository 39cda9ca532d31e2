package io.quanyu.ui.records;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.records.MetadataService;
import io.quanyu.records.RecordService;
import io.quanyu.testfixtures.InJvmMongo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A reference's choices over a target far larger than one page, on the real records layer (MongoDB wire server). */
class ReferenceChoicesTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static InJvmMongo server;
    private static MongoClient client;
    private static ReferenceChoices stores;
    private static String shanghai;

    @BeforeAll
    static void aTargetOf450Stores() {
        server = InJvmMongo.start();
        client = MongoClients.create(server.connectionString());
        TenantDatabase db = new MongoTenantDatabases(client).forTenant(new TenantContext(TenantId.of("refs"), "u1",
                "tester", Set.of(Role.BUILDER), false));
        MetadataService metadata = new MetadataService(Clock.systemUTC(), Runnable::run);
        RecordService records = new RecordService(metadata, Clock.systemUTC());
        metadata.create(db, JSON.readTree("""
                {"apiName": "outlet", "label": {"en": "Store"}, "displayField": "name",
                 "fields": [{"apiName": "name", "type": "text", "label": {"en": "Name"}, "required": true}]}"""),
                "tester", Quotas.DEFAULT);
        ArrayNode batch = JSON.createArrayNode();
        IntStream.rangeClosed(1, 450).forEach(i -> batch.addObject().put("name", "Store %03d".formatted(i)));
        records.bulkUpsert(db, "outlet", batch, null, "tester", Quotas.DEFAULT);
        shanghai = records.create(db, "outlet", JSON.readTree("{\"name\": \"旗舰店 上海\"}"), "tester", Quotas.DEFAULT)
                .path("_id").asString();
        stores = new ReferenceChoices(metadata.get(db, "outlet").type(), q -> records.query(db, "outlet", q));
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Test
    void scrollingWalksTheWholeTargetInDisplayOrder() {
        List<String> first = labels("", 0, 50);
        assertThat(first).hasSize(50).startsWith("Store 001", "Store 002").endsWith("Store 050");
        assertThat(labels("", 50, 50)).startsWith("Store 051");
        assertThat(labels("", 400, 50)).startsWith("Store 401").endsWith("Store 450");
        assertThat(labels("", 450, 50)).containsExactly("旗舰店 上海");
    }

    @Test
    void typingFiltersByTheDisplayTextIgnoringCase() {
        assertThat(labels("store 44", 0, 50)).containsExactly("Store 440", "Store 441", "Store 442", "Store 443",
                "Store 444", "Store 445", "Store 446", "Store 447", "Store 448", "Store 449");
        assertThat(labels("上海", 0, 50)).containsExactly("旗舰店 上海");
        assertThat(labels("nowhere", 0, 50)).isEmpty();
    }

    @Test
    void aStoredIdReadsAsItsRecordsNameAndAMissingOneAsItself() {
        assertThat(stores.of(shanghai)).isEqualTo(new ReferenceChoices.Choice(shanghai, "旗舰店 上海"));
        assertThat(stores.of("gone")).isEqualTo(new ReferenceChoices.Choice("gone", "gone"));
    }

    @Test
    void manyIdsAreLookedUpInPagesAndMissingOnesLeftOut() {
        List<String> ids = new java.util.ArrayList<>();
        stores.find("", 0, 200).forEach(c -> ids.add(c.id()));
        stores.find("", 200, 100).forEach(c -> ids.add(c.id()));
        ids.add("gone");
        var found = stores.of(ids);
        assertThat(found).hasSize(300).doesNotContainKey("gone");
        assertThat(found.get(ids.get(299)).label()).isEqualTo("Store 300");
    }

    private static List<String> labels(String typed, int offset, int limit) {
        return stores.find(typed, offset, limit).stream().map(ReferenceChoices.Choice::label).toList();
    }
}
