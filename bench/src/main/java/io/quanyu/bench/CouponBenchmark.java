package io.quanyu.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.quanyu.core.call.CallContext;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.graphql.RequestScope;
import io.quanyu.testfixtures.InJvmMongo;
import org.bson.Document;
import tools.jackson.databind.json.JsonMapper;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The coupons plugin, as {@code plugins/coupons} built it, on one node's plugin host and the records on the in-JVM
 * MongoDB wire server (or the MongoDB {@code MONGODB_URI} names), called through the GraphQL engine as an integrator
 * would (no HTTP): claims of one hot template from several threads, then a redemption of each code claimed, next to
 * the raw driver's conditional {@code findOneAndUpdate} on the same server in the same run (a stock counter taken
 * while {@code remaining >= 1}; a bare coupon document taken while {@code status = claimed}). A warm-up of claims on
 * another template runs first and is not counted; each side runs twice, alternating, and the second run counts.
 * Each run checks its outcome (the stock ends at zero, every code is redeemed once). Then a batch of codes
 * ({@code -Dcoupons.batch}, 20,000) made by {@code generateCodes} on the node's scheduler, timed from the call to the
 * batch's {@code done}, next to the raw driver's unordered {@code insertMany} of as many bare documents (1,000 a
 * call, a unique index on the code). Arguments: [claims] [threads].
 */
public final class CouponBenchmark {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CLAIM = "mutation($in: JSON!) { coupons_claim(input: $in) }";
    private static final String REDEEM = "mutation($in: JSON!) { coupons_redeem(input: $in) }";
    private static final String DEFINE = "mutation($in: JSON!) { coupons_defineTemplate(input: $in) }";
    private static final String STATUS = "mutation($in: JSON!) { coupons_setTemplateStatus(input: $in) }";
    private static final String GENERATE = "mutation($in: JSON!) { coupons_generateCodes(input: $in) }";

    private CouponBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int claims = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int people = 1_000;
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        CommandTimes commands = new CommandTimes();
        var settings = com.mongodb.MongoClientSettings.builder();
        if (Boolean.getBoolean("coupons.commands")) {
            settings.addCommandListener(commands);
        }
        try (InJvmMongo server = InJvmMongo.start(); MongoClient client = MongoClients.create(settings
                .applyConnectionString(new com.mongodb.ConnectionString(server.connectionString())).build());
             PluginNode node = new PluginNode(client, "benchcouponsplatform", "one", Duration.ofSeconds(30))) {
            TenantId tenant = TenantId.of("benchcoupons");
            node.served.add(tenant);
            node.installFirstParty(tenant, "coupons", key);
            RequestScope scope = node.scope(tenant);
            List<String> customers = customers(node, tenant, people);
            MongoCollection<Document> raw = client.getDatabase("benchcoupons_raw").getCollection("stock");

            template(node, scope, "warm", claims);
            Parallel.rate(threads, claims / 4, i -> call(node, scope, CLAIM, Map.of("template", "warm",
                    "customerId", customers.get(i % people), "key", "warm-" + i)));

            double[] plugin = new double[2];
            double[] driver = new double[2];
            List<String> codes = new CopyOnWriteArrayList<>();
            for (int run = 0; run < 2; run++) {
                String hot = "hot-" + run;
                template(node, scope, hot, claims);
                List<String> claimed = new CopyOnWriteArrayList<>();
                commands.reset();
                plugin[run] = Parallel.rate(threads, claims, i -> claimed.add(String.valueOf(call(node, scope, CLAIM,
                        Map.of("template", hot, "customerId", customers.get(i % people), "key", hot + "-" + i)).get("code"))));
                check(claimed.size() == claims && claimed.stream().distinct().count() == claims, "claims of " + hot + " gave "
                        + claimed.stream().distinct().count() + " codes");
                print(commands, "claim", claims);
                checkSoldOut(node, scope, hot, customers.getFirst());
                codes.clear();
                codes.addAll(claimed);
                raw.deleteMany(new Document());
                raw.insertOne(new Document("_id", "hot").append("remaining", claims).append("claimed", 0));
                driver[run] = Parallel.rate(threads, claims, i -> check(raw.findOneAndUpdate(
                        Filters.and(Filters.eq("_id", "hot"), Filters.gte("remaining", 1)),
                        Updates.combine(Updates.inc("remaining", -1), Updates.inc("claimed", 1)),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)) != null, "the raw stock ran out early"));
                check(raw.find(Filters.eq("_id", "hot")).first().getInteger("remaining") == 0, "the raw stock is not at 0");
            }

            double[] redeems = new double[2];
            double[] rawRedeems = new double[2];
            MongoCollection<Document> rawCoupons = client.getDatabase("benchcoupons_raw").getCollection("coupons");
            for (int run = 0; run < 2; run++) {
                List<String> mine = run == 0 ? new ArrayList<>(codes.subList(0, claims / 2)) : new ArrayList<>(codes.subList(claims / 2, claims));
                commands.reset();
                redeems[run] = Parallel.rate(threads, mine.size(), i -> check(!Boolean.TRUE.equals(call(node, scope, REDEEM,
                        Map.of("code", mine.get(i), "orderId", "order-" + mine.get(i), "orderAmount", 100)).get("duplicate")),
                        "a first redemption answered as a repeat"));
                print(commands, "redemption", mine.size());
                rawCoupons.deleteMany(new Document());
                List<Document> docs = new ArrayList<>();
                for (int i = 0; i < mine.size(); i++) {
                    docs.add(new Document("_id", "c" + i).append("status", "claimed"));
                }
                rawCoupons.insertMany(docs);
                rawRedeems[run] = Parallel.rate(threads, mine.size(), i -> check(rawCoupons.findOneAndUpdate(
                        Filters.and(Filters.eq("_id", "c" + i), Filters.eq("status", "claimed")),
                        Updates.combine(Updates.set("status", "redeemed"), Updates.set("orderId", "order-" + i)),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)) != null, "a raw coupon was taken twice"));
            }
            int batch = Integer.getInteger("coupons.batch", 20_000);
            node.startTasks();
            double[] generated = new double[2];
            double[] rawGenerated = new double[2];
            for (int run = 0; run < 2; run++) {
                String printed = "print-" + run;
                template(node, scope, printed, batch);
                long start = System.nanoTime();
                String id = String.valueOf(call(node, scope, GENERATE, Map.of("template", printed, "count", batch, "key", printed))
                        .get("batch"));
                MongoCollection<Document> batches = node.database(tenant).collection("r_couponsBatch");
                for (Document made = batches.find(Filters.eq("_id", id)).first(); !"done".equals(made.getString("status"));
                     made = batches.find(Filters.eq("_id", id)).first()) {
                    check(System.nanoTime() - start < 600e9, "the batch " + printed + " did not finish in 10 minutes: " + made);
                    Thread.sleep(20);
                }
                generated[run] = batch / ((System.nanoTime() - start) / 1e9);
                check(node.database(tenant).collection("r_couponsCoupon").countDocuments(Filters.eq("batch", id)) == batch,
                        "the batch " + printed + " did not make " + batch + " codes");
                MongoCollection<Document> rawCodes = client.getDatabase("benchcoupons_raw").getCollection("codes" + run);
                rawCodes.createIndex(new Document("code", 1), new com.mongodb.client.model.IndexOptions().unique(true));
                long rawStart = System.nanoTime();
                for (int from = 0; from < batch; from += 1_000) {
                    List<Document> docs = new ArrayList<>();
                    for (int i = from; i < Math.min(batch, from + 1_000); i++) {
                        docs.add(new Document("_id", "batch:" + printed + ":" + i).append("code", "R" + run + "-" + i)
                                .append("status", "issued"));
                    }
                    rawCodes.insertMany(docs, new com.mongodb.client.model.InsertManyOptions().ordered(false));
                }
                rawGenerated[run] = batch / ((System.nanoTime() - rawStart) / 1e9);
            }
            System.out.printf("Coupons on one hot template (%s, %d threads, %,d claims a run after a warm-up of %,d;"
                    + " second run of two counted):%n", store(), threads, claims, claims / 4);
            System.out.printf("  claims through the plugin (GraphQL, guarded increments, coupon created, event tracked): %,.0f/s"
                    + " (first run %,.0f/s)%n", plugin[1], plugin[0]);
            System.out.printf("  raw driver's conditional findOneAndUpdate on one stock document:                     %,.0f/s"
                    + " (first run %,.0f/s); the plugin's claims at %.2f of it%n", driver[1], driver[0], plugin[1] / driver[1]);
            System.out.printf("  redemptions through the plugin, each code once:                                     %,.0f/s"
                    + " (first run %,.0f/s)%n", redeems[1], redeems[0]);
            System.out.printf("  raw driver's conditional findOneAndUpdate, each coupon document once:               %,.0f/s"
                    + " (first run %,.0f/s); the plugin's redemptions at %.2f of it%n", rawRedeems[1], rawRedeems[0],
                    redeems[1] / rawRedeems[1]);
            System.out.printf("  codes made by generateCodes (the task on the scheduler, 1,000 a write), %,d a batch:     %,.0f/s"
                    + " (first run %,.0f/s)%n", batch, generated[1], generated[0]);
            System.out.printf("  raw driver's unordered insertMany of as many bare documents, 1,000 a call (unique code): %,.0f/s"
                    + " (first run %,.0f/s); generateCodes at %.2f of it%n", rawGenerated[1], rawGenerated[0],
                    generated[1] / rawGenerated[1]);
        }
    }

    /** With {@code -Dcoupons.commands=true}: the store commands per call, by database, command and collection. */
    private static void print(CommandTimes commands, String what, int calls) {
        for (String db : List.of("quanyu_t_benchcoupons", "benchcouponsplatform")) {
            commands.of(db).forEach((command, total) -> System.out.printf("  per %s: %5.2f × %-40s %6.0f µs each%n", what,
                    total.calls() / (double) calls, db + " " + command, total.nanos() / 1e3 / total.calls()));
        }
    }

    /** Which store the run uses: the in-JVM server, or the one {@code MONGODB_URI} names ({@link InJvmMongo#start}). */
    static String store() {
        String uri = System.getenv("MONGODB_URI");
        return uri == null || uri.isBlank() ? "in-JVM MongoDB" : "the MongoDB at MONGODB_URI";
    }

    /** An active template of 20 % off with {@code stock} coupons, valid 30 days after the claim. */
    private static void template(PluginNode node, RequestScope scope, String key, int stock) {
        call(node, scope, DEFINE, Map.of("key", key, "name", key, "kind", "percentOff", "percentOff", 20, "stock", stock,
                "validDays", 30, "codeLength", 12));
        call(node, scope, STATUS, Map.of("key", key, "status", "active"));
    }

    /** One more claim of the template is refused: its stock is gone. */
    private static void checkSoldOut(PluginNode node, RequestScope scope, String template, String customer) {
        Map<String, Object> result = node.engine.execute(scope, CLAIM, Map.of("in", Map.of("template", template,
                "customerId", customer, "key", template + "-over")), null);
        check(String.valueOf(result.get("errors")).contains("OUT_OF_STOCK"), "a claim past the stock was answered " + result);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> call(PluginNode node, RequestScope scope, String mutation, Map<String, Object> input) {
        for (int attempt = 1; ; attempt++) {
            Map<String, Object> result = node.engine.execute(scope, mutation, Map.of("in", input), null);
            if (!result.containsKey("errors")) {
                Map<String, Object> data = (Map<String, Object>) result.get("data");
                return (Map<String, Object>) data.values().iterator().next();
            }
            if (!String.valueOf(result.get("errors")).contains("PLUGIN_BUSY") || attempt == 50) {
                throw new IllegalStateException(mutation + " " + input + ": " + result.get("errors"));
            }
            Thread.onSpinWait();
        }
    }

    /** {@code n} customers, each known by an e-mail address of their own. */
    static List<String> customers(PluginNode node, TenantId tenant, int n) {
        CallContext call = new CallContext(tenant, "bench", Set.of(Role.TENANT_ADMIN), Quotas.DEFAULT, null, null);
        List<String> out = new ArrayList<>();
        for (int from = 0; from < n; from += 100) {
            var events = JSON.createArrayNode();
            for (int i = from; i < Math.min(n, from + 100); i++) {
                events.addObject().put("eventId", "c-" + i).put("type", "page_view").put("time", Instant.now().toString())
                        .putObject("identities").put("email", "c" + i + "@bench.acme.com");
            }
            node.customers.track(call, events).forEach(r -> out.add(r.customerId()));
        }
        return out;
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }
}
