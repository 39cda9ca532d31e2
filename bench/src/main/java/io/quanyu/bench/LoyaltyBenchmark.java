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
import tools.jackson.databind.node.ArrayNode;

import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The loyalty plugin, as {@code plugins/loyalty} built it, on one node (plugin host, event seam, scheduler) and the
 * in-JVM MongoDB wire server (or {@code MONGODB_URI}'s), each figure next to the raw driver on the same server in the
 * same run:
 * <ul>
 *   <li><b>accruals</b>: orders sent to the order feed (100 a call, as a shop's sync does) earn points through the
 *   plugin's subscription (event → ledger entry, lot, expiry task, points event, balance fact), timed from the first
 *   call to the last order's entry done; next to the raw driver inserting the two documents an accrual needs (the
 *   entry and the lot) one after the other, as the one subscriber does;</li>
 *   <li><b>balance reads</b> ({@code balance} through GraphQL: the member's lots read and summed), from several threads;
 *   next to the raw driver's find of the same member's lots in the plugin's own collection, summed;</li>
 *   <li><b>expiry</b> of a number of lots ({@code -Dloyalty.lots}, 10,000) whose time comes at once: the program's
 *   {@code expireLot} task on the scheduler takes what is left of each, 1,000 a run, and writes their entries, events
 *   and balance facts; next to the raw driver's guarded {@code findOneAndUpdate} and entry insert per lot from 8
 *   threads, and its one {@code updateMany}.</li>
 * </ul>
 * Arguments: [orders] [balance reads] [threads].
 */
public final class LoyaltyBenchmark {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String DEFINE = "mutation($in: JSON!) { loyalty_defineProgram(input: $in) }";
    private static final String EARN = "mutation($in: JSON!) { loyalty_earn(input: $in) }";
    private static final String BALANCE = "query($in: JSON!) { loyalty_balance(input: $in) }";

    private LoyaltyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int reads = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int lots = Integer.getInteger("loyalty.lots", 10_000);
        int people = 1_000;
        TenantId tenant = TenantId.of("benchloyalty");
        CommandTimes commands = new CommandTimes();
        var settings = com.mongodb.MongoClientSettings.builder();
        if (Boolean.getBoolean("loyalty.commands")) {
            settings.addCommandListener(commands);
        }
        try (InJvmMongo server = InJvmMongo.start(); MongoClient client = MongoClients.create(settings
                .applyConnectionString(new com.mongodb.ConnectionString(server.connectionString())).build());
             PluginNode node = new PluginNode(client, "benchloyaltyplatform", "one", Duration.ofSeconds(30))) {
            node.served.add(tenant);
            node.installFirstParty(tenant, "loyalty", KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
            node.subscriptions.refresh();
            node.seam.start();
            node.startTasks();
            RequestScope scope = node.scope(tenant);
            List<String> customers = CouponBenchmark.customers(node, tenant, people);
            CouponBenchmark.call(node, scope, DEFINE, Map.of("key", "shop", "name", "Shop", "pointsPerYuan", 1, "expiry", "months",
                    "expiryMonths", 12));
            MongoCollection<Document> entries = node.database(tenant).collection("r_loyaltyEntry");
            MongoCollection<Document> pluginLots = node.database(tenant).collection("r_loyaltyLot");
            var rawDb = client.getDatabase("benchloyalty_raw");

            accrue(node, tenant, entries, "warm", orders / 4, people);
            double[] accruals = new double[2];
            double[] rawAccruals = new double[2];
            for (int run = 0; run < 2; run++) {
                commands.reset();
                accruals[run] = accrue(node, tenant, entries, "run" + run, orders, people);
                print(commands, "accrual", orders);
                MongoCollection<Document> rawEntries = rawDb.getCollection("entries" + run);
                MongoCollection<Document> rawLots = rawDb.getCollection("lots" + run);
                long start = System.nanoTime();
                for (int i = 0; i < orders; i++) {
                    String id = "order:" + run + ":" + i;
                    rawEntries.insertOne(new Document("_id", id).append("kind", "earn").append("customerId", customers.get(i % people))
                            .append("amount", 100).append("status", "done").append("at", new java.util.Date()));
                    rawLots.insertOne(new Document("_id", "lot:" + id).append("customerId", customers.get(i % people))
                            .append("amount", 100).append("remaining", 100).append("status", "open"));
                }
                rawAccruals[run] = orders / ((System.nanoTime() - start) / 1e9);
            }

            double[] balances = new double[2];
            double[] rawBalances = new double[2];
            for (int run = 0; run < 2; run++) {
                commands.reset();
                balances[run] = Parallel.rate(threads, reads, i -> CouponBenchmark.check(CouponBenchmark.call(node, scope, BALANCE,
                        Map.of("program", "shop", "customerId", customers.get(i % people))).get("balance") != null, "no balance"));
                print(commands, "balance read", reads);
                rawBalances[run] = Parallel.rate(threads, reads, i -> {
                    long sum = 0;
                    for (Document lot : pluginLots.find(Filters.and(Filters.eq("program", "shop"),
                            Filters.eq("customerId", customers.get(i % people))))) {
                        sum += lot.get("remaining", Number.class).longValue();
                    }
                    CouponBenchmark.check(sum >= 0, "a negative sum");
                });
            }

            CouponBenchmark.call(node, scope, DEFINE, Map.of("key", "soon", "name", "Soon", "expiry", "months", "expiryMonths", 1));
            Parallel.rate(threads, 200, i -> CouponBenchmark.call(node, scope, EARN, Map.of("program", "soon",
                    "customerId", customers.get(i % people), "points", 10, "key", "seed-" + i)));
            Document made = pluginLots.find(Filters.eq("program", "soon")).first();
            long seedStart = System.nanoTime(); // the rest as the plugin writes a lot: its record, with the same fields
            List<String> keys = new ArrayList<>();
            List<tools.jackson.databind.JsonNode> values = new ArrayList<>();
            for (int i = 200; i < lots; i++) {
                keys.add("lot:seed-" + i);
                Map<String, Object> lot = new java.util.LinkedHashMap<>(Map.of("program", "soon", "customerId", customers.get(i % people),
                        "entry", "seed-" + i, "amount", 10, "remaining", 10, "expired", 0, "reversed", 0, "status", "open"));
                for (String time : List.of("earnedAt", "activeFrom", "expiresAt")) {
                    Object value = made.get(time);
                    lot.put(time, value instanceof java.util.Date date ? date.toInstant().toString() : String.valueOf(value));
                }
                values.add(JSON.valueToTree(lot));
            }
            node.createAsPlugin(tenant, "loyalty", "loyaltyLot", keys, values);
            double seeded = (lots - 200) / ((System.nanoTime() - seedStart) / 1e9);
            long due = pluginLots.countDocuments(Filters.eq("program", "soon"));
            CouponBenchmark.check(due == lots, "the seed made " + due + " lots, not " + lots);
            var tasks = node.tasks.of(node.database(tenant), "loyalty");
            Instant now = Instant.now();
            long expiryStart = System.nanoTime();
            // their time comes: the program's expiry task is run now for every lot due by now (the earns set it for the end
            // of the minute after each lot's expiry, a month on)
            tasks.schedule("expireLot", "due:soon:bench", now, Map.of("program", "soon", "at", now.plusSeconds(62 * 24 * 3600).toString()));
            while (pluginLots.countDocuments(Filters.and(Filters.eq("program", "soon"), Filters.eq("status", "expired"))) < lots) {
                CouponBenchmark.check(System.nanoTime() - expiryStart < 1_800e9, "the lots did not expire in 30 minutes");
                Thread.sleep(50);
            }
            double expired = lots / ((System.nanoTime() - expiryStart) / 1e9);
            CouponBenchmark.check(entries.countDocuments(Filters.and(Filters.eq("program", "soon"), Filters.eq("kind", "expire"))) == lots,
                    "not every lot has its expire entry");

            MongoCollection<Document> rawLots = rawDb.getCollection("expiring");
            MongoCollection<Document> rawExpiries = rawDb.getCollection("expiries");
            seedRaw(rawLots, lots);
            double rawExpired = Parallel.rate(threads, lots, i -> {
                Document lot = rawLots.findOneAndUpdate(Filters.and(Filters.eq("_id", "lot" + i), Filters.eq("status", "open")),
                        Updates.combine(Updates.set("remaining", 0), Updates.set("expired", 10), Updates.set("status", "expired")),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE));
                CouponBenchmark.check(lot != null, "a raw lot expired twice");
                rawExpiries.insertOne(new Document("_id", "expire:lot" + i).append("kind", "expire").append("amount", 10));
            });
            rawLots.drop();
            seedRaw(rawLots, lots);
            long manyStart = System.nanoTime();
            rawLots.updateMany(Filters.eq("status", "open"), Updates.combine(Updates.set("remaining", 0), Updates.set("expired", 10),
                    Updates.set("status", "expired")));
            double rawMany = lots / ((System.nanoTime() - manyStart) / 1e9);

            System.out.printf("Loyalty (%s; second run of two counted):%n", CouponBenchmark.store());
            System.out.printf("  accruals, %,d orders through the order feed and the plugin's subscription:   %,.0f/s (first run %,.0f/s)%n",
                    orders, accruals[1], accruals[0]);
            System.out.printf("  raw driver inserting an entry and a lot per order, one after the other:  %,.0f/s (first run %,.0f/s);"
                    + " the plugin's accruals at %.3f of it%n", rawAccruals[1], rawAccruals[0], accruals[1] / rawAccruals[1]);
            System.out.printf("  balance reads through GraphQL, %d threads, %,d members:                   %,.0f/s (first run %,.0f/s)%n",
                    threads, people, balances[1], balances[0]);
            System.out.printf("  raw driver's find of the member's lots (the plugin's collection), summed: %,.0f/s (first run %,.0f/s);"
                    + " the plugin's reads at %.2f of it%n", rawBalances[1], rawBalances[0], balances[1] / rawBalances[1]);
            System.out.printf("  expiry of %,d lots at once, by the program's expiry task on the scheduler:  %,.0f lots/s (200 lots"
                    + " earned, the rest written as the plugin writes them at %,.0f/s)%n", lots, expired, seeded);
            System.out.printf("  raw driver's guarded findOneAndUpdate and entry insert per lot, %d threads: %,.0f lots/s;"
                    + " the plugin's expiry at %.3f of it%n", threads, rawExpired, expired / rawExpired);
            System.out.printf("  raw driver's one updateMany over the lots:                                %,.0f lots/s%n", rawMany);
        }
    }

    /** With {@code -Dloyalty.commands=true}: the store commands per call, by database, command and collection. */
    private static void print(CommandTimes commands, String what, int calls) {
        for (String db : List.of("quanyu_t_benchloyalty", "benchloyaltyplatform")) {
            commands.of(db).forEach((command, total) -> System.out.printf("  per %s: %5.2f × %-50s %6.0f µs each%n", what,
                    total.calls() / (double) calls, db + " " + command, total.nanos() / 1e3 / total.calls()));
        }
    }

    /** Sends {@code count} paid orders of 100 yuan, 100 a call, and answers the accruals per second until all are done. */
    private static double accrue(PluginNode node, TenantId tenant, MongoCollection<Document> entries, String run, int count,
                                 int people) throws InterruptedException {
        CallContext call = new CallContext(tenant, "bench", Set.of(Role.TENANT_ADMIN), Quotas.DEFAULT, null, null);
        long before = entries.countDocuments(Filters.and(Filters.eq("kind", "earn"), Filters.eq("status", "done")));
        long start = System.nanoTime();
        for (int from = 0; from < count; from += 100) {
            ArrayNode batch = JSON.createArrayNode();
            for (int i = from; i < Math.min(count, from + 100); i++) {
                var order = batch.addObject().put("orderNo", "B-" + run + "-" + i).put("status", "paid")
                        .put("orderedAt", Instant.now().toString());
                order.putObject("identities").put("email", "c" + (i % people) + "@bench.acme.com");
                order.putObject("total").put("amount", 100).put("currency", "CNY");
            }
            node.customers.orders(call, batch);
        }
        while (entries.countDocuments(Filters.and(Filters.eq("kind", "earn"), Filters.eq("status", "done"))) < before + count) {
            CouponBenchmark.check(System.nanoTime() - start < 1_800e9, "the accruals of " + run + " did not finish in 30 minutes");
            Thread.sleep(20);
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private static void seedRaw(MongoCollection<Document> lots, int count) {
        for (int from = 0; from < count; from += 1_000) {
            List<Document> docs = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + 1_000); i++) {
                docs.add(new Document("_id", "lot" + i).append("amount", 10).append("remaining", 10).append("status", "open"));
            }
            lots.insertMany(docs);
        }
    }
}
