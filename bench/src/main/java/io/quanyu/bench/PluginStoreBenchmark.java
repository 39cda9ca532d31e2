package io.quanyu.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.plugin.host.MongoPluginStore;
import io.quanyu.plugin.host.SecretBox;
import io.quanyu.plugin.sdk.PluginStore;
import io.quanyu.testfixtures.InJvmMongo;
import org.bson.Document;

import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * The plugin store against the raw MongoDB driver on the same server, in one run: atomic increments of one hot
 * counter from several threads (the store's {@code increment} next to {@code findOneAndUpdate} with {@code $inc}),
 * and put/get of small values on distinct keys (next to the driver's upsert and find by id). Prints each rate, the
 * ratio, and checks the hot counter ends at exactly the number of increments; each pair runs twice, alternating, and
 * the second run counts. The collections hold 2 x operations keys by then. Arguments: [operations] [threads].
 */
public final class PluginStoreBenchmark {

    private PluginStoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int operations = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        try (InJvmMongo server = InJvmMongo.start(); MongoClient client = MongoClients.create(server.connectionString())) {
            TenantDatabase db = new MongoTenantDatabases(client).forTenant(new TenantContext(new TenantId("benchstore"),
                    "bench", "bench", Set.of(Role.TENANT_ADMIN), false));
            PluginStore store = new MongoPluginStore(db, "bench", Clock.systemUTC(),
                    new SecretBox(Base64.getEncoder().encodeToString(new byte[32])));
            MongoCollection<Document> raw = client.getDatabase("bench_raw").getCollection("store");
            raw.insertOne(new Document("_id", "hot").append("v", 0L));
            FindOneAndUpdateOptions after = new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);

            Parallel.rate(threads, 500, i -> store.increment("warm", 1, null));
            Parallel.rate(threads, 500, i -> raw.findOneAndUpdate(Filters.eq("_id", "warm"), Updates.inc("v", 1L), after));

            // Each pair runs twice, alternating, and the second run of each counts: neither side warms the other up.
            double rawInc = 0;
            double storeInc = 0;
            double rawPut = 0;
            double storePut = 0;
            double rawGet = 0;
            double storeGet = 0;
            for (int round = 0; round < 2; round++) {
                String r = "r" + round + "-";
                rawInc = Parallel.rate(threads, operations,
                        i -> raw.findOneAndUpdate(Filters.eq("_id", "hot"), Updates.inc("v", 1L), after));
                storeInc = Parallel.rate(threads, operations, i -> store.increment(r + "hot", 1, Duration.ofHours(1)));
                rawPut = Parallel.rate(threads, operations, i -> raw.updateOne(Filters.eq("_id", r + "k" + i),
                        Updates.set("v", Map.of("n", i, "s", "value")), new UpdateOptions().upsert(true)));
                storePut = Parallel.rate(threads, operations, i -> store.put(r + "k" + i, Map.of("n", i, "s", "value"), null));
                rawGet = Parallel.rate(threads, operations, i -> raw.find(Filters.eq("_id", r + "k" + i)).first());
                storeGet = Parallel.rate(threads, operations, i -> store.get(r + "k" + i));
            }
            long counted = store.get("r1-hot").map(e -> (Long) e.value()).orElse(-1L);

            System.out.printf("plugin store, %d operations on %d threads (in-JVM MongoDB wire server)%n", operations, threads);
            line("increment one hot counter", storeInc, "findOneAndUpdate $inc", rawInc);
            System.out.printf("  hot counter after %d increments: %d (%s)%n", operations, counted,
                    counted == operations ? "exact" : "WRONG");
            line("put (upsert) distinct keys", storePut, "updateOne upsert", rawPut);
            line("get by key", storeGet, "find by _id", rawGet);
        }
    }

    private static void line(String what, double ours, String baseline, double theirs) {
        System.out.printf("  %-28s %9.0f ops/s   raw driver (%s) %9.0f ops/s   ratio %.2f%n",
                what, ours, baseline, theirs, ours / theirs);
    }
}
