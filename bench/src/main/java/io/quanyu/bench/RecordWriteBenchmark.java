package io.quanyu.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.records.MetadataService;
import io.quanyu.records.RecordService;
import io.quanyu.testfixtures.InJvmMongo;
import org.bson.Document;
import org.bson.types.Decimal128;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;

/**
 * Record writes through the records service (validation, references, quota, outbox) against the raw MongoDB driver
 * inserting the same documents into the same server, in one run: single-record creates and 1,000-record bulk
 * upserts. Prints both rates and their ratio. Arguments: [single count] [bulk batches].
 */
public final class RecordWriteBenchmark {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String DEFINITION = """
            {"apiName": "visit", "label": {"en": "Store visit", "zh-CN": "到店"}, "fields": [
              {"apiName": "note", "type": "text", "label": {"en": "Note"}},
              {"apiName": "n", "type": "integer", "label": {"en": "N"}},
              {"apiName": "amount", "type": "decimal", "label": {"en": "Amount"}, "precision": 12, "scale": 2},
              {"apiName": "channel", "type": "singleSelect", "label": {"en": "Channel"},
               "options": [{"value": "store", "label": {"en": "Store"}}, {"value": "wechat", "label": {"en": "WeChat"}}]},
              {"apiName": "at", "type": "datetime", "label": {"en": "At"}}]}
            """;

    private RecordWriteBenchmark() {
    }

    public static void main(String[] args) {
        int single = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        try (InJvmMongo server = InJvmMongo.start(); MongoClient client = MongoClients.create(server.connectionString())) {
            var metadata = new MetadataService(Clock.systemUTC(), Executors.newVirtualThreadPerTaskExecutor());
            var records = new RecordService(metadata, Clock.systemUTC());
            var quotas = new Quotas(100_000_000, 1_000_000, 20, 50, 200);
            TenantDatabase db = tenant(client, "benchservice");
            metadata.create(db, JSON.readTree(DEFINITION), "bench", quotas);
            MongoCollection<Document> raw = client.getDatabase("bench_raw").getCollection("r_visit");

            System.out.printf("Record writes on a MongoDB wire server (mongo-java-server, memory backend), %d single, %d x 1000 bulk%n",
                    single, batches);
            warmUp(records, db, raw, quotas);
            double rawSingle = rate(single, () -> {
                for (int i = 0; i < single; i++) {
                    raw.insertOne(document(i));
                }
            });
            double serviceSingle = rate(single, () -> {
                for (int i = 0; i < single; i++) {
                    records.create(db, "visit", record(i), "bench", quotas);
                }
            });
            double rawBulk = rate(batches * 1000, () -> {
                for (int b = 0; b < batches; b++) {
                    List<Document> docs = new ArrayList<>();
                    for (int i = 0; i < 1000; i++) {
                        docs.add(document(b * 1000 + i));
                    }
                    raw.insertMany(docs);
                }
            });
            double serviceBulk = rate(batches * 1000, () -> {
                for (int b = 0; b < batches; b++) {
                    ArrayNode batch = JSON.createArrayNode();
                    for (int i = 0; i < 1000; i++) {
                        batch.add(record(b * 1000 + i));
                    }
                    var results = records.bulkUpsert(db, "visit", batch, "_id", "bench", quotas);
                    if (results.stream().anyMatch(r -> !"created".equals(r.outcome()))) {
                        throw new IllegalStateException("a bulk record failed: " + results);
                    }
                }
            });
            print("single create", serviceSingle, rawSingle);
            print("bulk upsert (1000/call)", serviceBulk, rawBulk);
        }
    }

    private static void warmUp(RecordService records, TenantDatabase db, MongoCollection<Document> raw, Quotas quotas) {
        for (int i = 0; i < 2_000; i++) {
            raw.insertOne(document(i));
            records.create(db, "visit", record(i), "bench", quotas);
        }
        raw.drop();
    }

    private static void print(String what, double service, double raw) {
        System.out.printf("%-26s records service %9.0f/s   raw driver %9.0f/s   ratio %.2f%n", what, service, raw, service / raw);
    }

    private static double rate(int count, Runnable work) {
        long start = System.nanoTime();
        work.run();
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private static ObjectNode record(int i) {
        ObjectNode record = JSON.createObjectNode();
        record.put("note", "门店到访 visit " + i);
        record.put("n", i);
        record.put("amount", new BigDecimal(i % 1000 + ".25"));
        record.put("channel", i % 2 == 0 ? "store" : "wechat");
        record.put("at", "2026-11-24T08:00:00Z");
        return record;
    }

    /** The same document the service stores, platform fields included. */
    private static Document document(int i) {
        Date now = new Date();
        return new Document("note", "门店到访 visit " + i).append("n", (long) i)
                .append("amount", new Decimal128(new BigDecimal(i % 1000 + ".25")))
                .append("channel", i % 2 == 0 ? "store" : "wechat").append("at", Date.from(java.time.Instant.parse("2026-11-24T08:00:00Z")))
                .append("_id", UUID.randomUUID().toString().replace("-", "")).append("_version", 1L)
                .append("_createdAt", now).append("_createdBy", "bench").append("_updatedAt", now)
                .append("_updatedBy", "bench").append("_schema", 1L);
    }

    private static TenantDatabase tenant(MongoClient client, String id) {
        return new MongoTenantDatabases(client).forTenant(
                new TenantContext(TenantId.of(id), "bench", "bench", Set.of(Role.INTEGRATOR), true));
    }
}
