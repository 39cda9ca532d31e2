package io.quanyu.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.quanyu.core.call.CallContext;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.outbox.EventSeam;
import io.quanyu.outbox.SeamOptions;
import io.quanyu.records.MetadataService;
import io.quanyu.records.RecordService;
import io.quanyu.records.RecordSearch;
import io.quanyu.records.Records;
import io.quanyu.testfixtures.InJvmMongo;
import org.bson.Document;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Claims on one hot stock record, from several threads, in one run on one server: the records' guarded increment
 * ({@code remaining >= 1}, remaining -1, claimed +1; with and without a once-key), the read-then-update-with-version
 * retry loop a plugin had to write before it, and the raw driver's {@code findOneAndUpdate} with the same guard and
 * {@code $inc} on a bare document (the baseline: no validation, no version, no event). The records run with the
 * event seam relaying their events, as on a node. Each side runs twice, alternating, and the second run counts;
 * each checks that the record ends exactly at the number of claims. Arguments: [claims] [threads].
 */
public final class GuardedIncrementBenchmark {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private GuardedIncrementBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int claims = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        try (InJvmMongo server = InJvmMongo.start(); MongoClient client = MongoClients.create(server.connectionString())) {
            TenantContext who = new TenantContext(TenantId.of("benchguarded"), "bench", "bench", Set.of(Role.INTEGRATOR,
                    Role.BUILDER), true);
            TenantDatabase db = new MongoTenantDatabases(client).forTenant(who);
            CallContext call = CallContext.of(who, new Quotas(100_000_000, 1_000_000, 20, 50, 200), "bench");
            try (EventSeam seam = new EventSeam(() -> List.of(db), SeamOptions.defaults("bench"), Clock.systemUTC())) {
                seam.start();
                var metadata = new MetadataService(Clock.systemUTC(), Executors.newVirtualThreadPerTaskExecutor());
                Records records = new Records(new MongoTenantDatabases(client), metadata,
                        new RecordService(metadata, Clock.systemUTC(), seam), NO_SEARCH);
                records.createObject(call, json("""
                        {"apiName": "benchStock", "label": {"en": "Stock"}, "fields": [
                          {"apiName": "remaining", "type": "integer", "label": {"en": "Remaining"}, "min": 0},
                          {"apiName": "claimed", "type": "integer", "label": {"en": "Claimed"}, "min": 0}]}
                        """));
                MongoCollection<Document> raw = client.getDatabase("bench_raw").getCollection("stock");
                JsonNode guard = json("{\"field\": \"remaining\", \"op\": \"gte\", \"value\": 1}");
                Map<String, BigDecimal> claim = Map.of("remaining", BigDecimal.valueOf(-1), "claimed", BigDecimal.ONE);
                FindOneAndUpdateOptions after = new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);

                double[] guarded = new double[1];
                double[] keyed = new double[1];
                double[] loop = new double[1];
                double[] baseline = new double[1];
                long[] conflicts = new long[1];
                String[] exact = new String[4];
                for (int round = 0; round < 2; round++) {
                    String rawId = "hot" + round;
                    raw.insertOne(new Document("_id", rawId).append("remaining", (long) claims).append("claimed", 0L));
                    baseline[0] = Parallel.rate(threads, claims, i -> raw.findOneAndUpdate(Filters.and(Filters.eq("_id", rawId),
                            Filters.gte("remaining", 1)), Updates.combine(Updates.inc("remaining", -1L),
                            Updates.inc("claimed", 1L)), after));
                    Document rawAfter = raw.find(Filters.eq("_id", rawId)).first();
                    exact[0] = check(rawAfter.getLong("remaining"), rawAfter.getLong("claimed"), claims);

                    String plain = stock(records, call, claims);
                    guarded[0] = Parallel.rate(threads, claims, i -> records.increment(call, "benchStock", plain, claim, guard, null)
                            .orElseThrow());
                    exact[1] = check(records, call, plain, claims);

                    String once = stock(records, call, claims);
                    String r = "r" + round + "-";
                    keyed[0] = Parallel.rate(threads, claims, i -> records.increment(call, "benchStock", once, claim, guard,
                            r + i).orElseThrow());
                    exact[2] = check(records, call, once, claims);

                    String versioned = stock(records, call, claims);
                    AtomicLong retries = new AtomicLong();
                    loop[0] = Parallel.rate(threads, claims, i -> {
                        while (true) {
                            ObjectNode now = records.get(call, "benchStock", versioned, false);
                            long remaining = now.path("remaining").asLong();
                            ObjectNode patch = JSON.createObjectNode().put("_version", now.path("_version").asLong())
                                    .put("remaining", remaining - 1).put("claimed", now.path("claimed").asLong() + 1);
                            try {
                                records.update(call, "benchStock", versioned, patch);
                                return;
                            } catch (QuanyuException e) {
                                if (e.code() != ErrorCode.VERSION_CONFLICT) {
                                    throw e;
                                }
                                retries.incrementAndGet();
                            }
                        }
                    });
                    conflicts[0] = retries.get();
                    exact[3] = check(records, call, versioned, claims);
                }

                System.out.printf("guarded increments: %d claims of one hot record on %d threads (in-JVM MongoDB wire server, event seam relaying)%n",
                        claims, threads);
                line("records increment (guard)", guarded[0], baseline[0], exact[1]);
                line("records increment (guard, once-key)", keyed[0], baseline[0], exact[2]);
                line("read + update(version) retry loop", loop[0], baseline[0], exact[3]
                        + ", " + conflicts[0] + " version conflicts retried");
                System.out.printf("  %-36s %8.0f claims/s   (%s)%n", "raw findOneAndUpdate $inc (baseline)", baseline[0], exact[0]);
                keyedCreates(records, call, client.getDatabase("bench_raw").getCollection("codes"));
            }
        }
    }

    /**
     * Codes created once per key (a coupon batch): one create under a key per code, createAll in batches of 1,000,
     * and the raw driver's unordered insertMany of bare documents with the same ids (the baseline); each side makes
     * {@code CODES} new codes, and the second of two rounds counts.
     */
    private static void keyedCreates(Records records, CallContext call, MongoCollection<Document> raw) {
        final int codes = 10_000;
        final int batch = 1_000;
        double single = 0;
        double bulk = 0;
        double driver = 0;
        long made = 0;
        for (int round = 0; round < 2; round++) {
            String p = "r" + round + "-";
            long t0 = System.nanoTime();
            for (int i = 0; i < codes; i++) {
                if (records.createByKey(call, "benchStock", p + "one-" + i, json("{\"remaining\": 1, \"claimed\": 0}")).created()) {
                    made++;
                }
            }
            single = codes / ((System.nanoTime() - t0) / 1e9);
            long t1 = System.nanoTime();
            for (int from = 0; from < codes; from += batch) {
                List<String> keys = new java.util.ArrayList<>();
                List<JsonNode> inputs = new java.util.ArrayList<>();
                for (int i = from; i < from + batch; i++) {
                    keys.add(p + "all-" + i);
                    inputs.add(json("{\"remaining\": 1, \"claimed\": 0}"));
                }
                made += records.createAllByKey(call, "benchStock", keys, inputs).stream().filter(c -> c.created()).count();
            }
            bulk = codes / ((System.nanoTime() - t1) / 1e9);
            long t2 = System.nanoTime();
            for (int from = 0; from < codes; from += batch) {
                List<Document> docs = new java.util.ArrayList<>();
                for (int i = from; i < from + batch; i++) {
                    docs.add(new Document("_id", p + "raw-" + i).append("remaining", 1L).append("claimed", 0L));
                }
                raw.insertMany(docs, new com.mongodb.client.model.InsertManyOptions().ordered(false));
            }
            driver = codes / ((System.nanoTime() - t2) / 1e9);
        }
        String exact = made == 4L * codes ? "every code created once" : "WRONG: " + made + " created";
        System.out.printf("keyed creates: %d codes per side, batches of %d (%s)%n", codes, batch, exact);
        System.out.printf("  %-36s %8.0f codes/s   raw insertMany %8.0f codes/s   ratio %.2f%n", "records create under a key, one by one",
                single, driver, single / driver);
        System.out.printf("  %-36s %8.0f codes/s   raw insertMany %8.0f codes/s   ratio %.2f%n", "records createAll, 1,000 a call",
                bulk, driver, bulk / driver);
    }

    private static final RecordSearch NO_SEARCH = new RecordSearch() {
        @Override
        public void prepare(TenantId tenant, io.quanyu.objects.model.ObjectType type,
                            java.util.function.Consumer<java.util.function.Consumer<ObjectNode>> allRecords) {
        }

        @Override
        public Set<String> apply(TenantId tenant, io.quanyu.objects.model.ObjectType type, List<Op> ops) {
            return Set.of();
        }

        @Override
        public List<String> search(TenantId tenant, io.quanyu.objects.model.ObjectType type, String text, int size) {
            return List.of();
        }
    };

    private static String stock(Records records, CallContext call, int claims) {
        return records.create(call, "benchStock", json("{\"remaining\": " + claims + ", \"claimed\": 0}")).path("_id").asString();
    }

    private static String check(Records records, CallContext call, String id, int claims) {
        ObjectNode now = records.get(call, "benchStock", id, false);
        return check(now.path("remaining").asLong(), now.path("claimed").asLong(), claims);
    }

    private static String check(long remaining, long claimed, int claims) {
        return remaining == 0 && claimed == claims ? "exact" : "WRONG: remaining " + remaining + ", claimed " + claimed;
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    private static void line(String what, double ours, double baseline, String exact) {
        System.out.printf("  %-36s %8.0f claims/s   raw driver %8.0f claims/s   ratio %.2f   (%s)%n",
                what, ours, baseline, ours / baseline, exact);
    }
}
