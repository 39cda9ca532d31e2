package io.quanyu.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.quanyu.core.call.CallContext;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.customer360.Customer360;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.outbox.DomainEvent;
import io.quanyu.outbox.EventSeam;
import io.quanyu.outbox.SeamOptions;
import io.quanyu.records.MetadataService;
import io.quanyu.records.RecordService;
import io.quanyu.scheduling.DefaultScheduler;
import io.quanyu.scheduling.SchedulerOptions;
import io.quanyu.segments.SegmentEngine;
import io.quanyu.segments.Segments;
import io.quanyu.testfixtures.InJvmMongo;
import org.bson.Document;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * Segments, in-process on the MongoDB wire server, wired as the server wires them (customer 360, event seam,
 * scheduler, segment engine):
 * <ol>
 *   <li><b>event acknowledged → membership changed</b>: with 1,000 segments in the tenant (10 that read orders: a
 *   behaviour window, an order count, a sum; 990 that read plugin facts, which orders cannot change), one order of a
 *   new customer at a time, timed from {@code track}'s return to the {@code SegmentEntered} of the segment "two orders
 *   in 30 days" reaching a subscriber; p50/p95/p99. Baseline in the same run: the same path's first hop alone, from
 *   {@code track}'s return to the {@code EventsApplied} reaching a subscriber;</li>
 *   <li><b>per-event cost against the number of segments</b>: the engine's handling of one {@code EventsApplied}, called
 *   directly, with 10 dependent segments among 10, 100 and 1,000 in all, and with 100 dependent ones.
 *   Baseline: reading the profile's facts alone ({@code Customer360.liveFacts}), the floor of any evaluation;</li>
 *   <li><b>full backfill</b> of a three-condition segment over 10,000 profiles ({@code -Dsegments.backfill.profiles};
 *   {@code -Dsegments.backfill.only=true} runs it alone), on a fresh in-JVM server,
 *   next to the raw driver reading every profile once and counting the same conditions in the store.</li>
 * </ol>
 */
public final class SegmentBenchmark {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TWICE = """
            {"names": {"en": "twice"}, "rule": {"behavior": {"event": "order", "window": {"lastDays": 30}, "op": "gte", "value": 2}}}""";

    private SegmentBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        if (!Boolean.getBoolean("segments.backfill.only")) {
            try (InJvmMongo server = InJvmMongo.start(); MongoClient client = MongoClients.create(server.connectionString())) {
                latency(client, orders);
                cost(client);
            }
        }
        // a fresh server: the embedded store keeps every write of the sections before in its memory
        try (InJvmMongo server = InJvmMongo.start(); MongoClient client = MongoClients.create(server.connectionString())) {
            backfill(client, Integer.getInteger("segments.backfill.profiles", 10_000));
        }
    }

    private static void latency(MongoClient client, int orders) throws Exception {
        try (Wiring w = new Wiring(client, "benchseglat", true)) {
            w.segments(10, 990);
            Map<String, Long> acked = new ConcurrentHashMap<>();
            Map<String, Long> applied = new ConcurrentHashMap<>();
            Map<String, Long> entered = new ConcurrentHashMap<>();
            w.seam.subscribe(SeamListeners.applied("bench-applied", applied));
            w.seam.subscribe(SeamListeners.listener("bench-entered", DomainEvent.SEGMENT_ENTERED, e -> {
                if ("twice".equals(e.data().get("segment"))) {
                    entered.putIfAbsent(e.key(), System.nanoTime());
                }
            }));
            w.start();
            w.awaitBackfills();
            List<Long> toMembership = new ArrayList<>();
            List<Long> toApplied = new ArrayList<>();
            for (int i = 0; i < orders + 50; i++) {
                String phone = "+86137" + String.format("%08d", i);
                w.order("warm-" + i, phone);
                String customer = w.order("o-" + i, phone);
                acked.put(customer, System.nanoTime());
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!entered.containsKey(customer) && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                if (i >= 50 && entered.containsKey(customer)) {
                    toMembership.add(entered.get(customer) - acked.get(customer));
                    Long first = applied.get("o-" + i);
                    if (first != null) {
                        toApplied.add(Math.max(0, first - acked.get(customer)));
                    }
                }
            }
            System.out.println("segments: order acknowledged -> membership changed (1,000 segments, 10 reading orders; in-JVM MongoDB)");
            EventSeamBenchmark.report("  SegmentEntered at a subscriber ", toMembership);
            System.out.println("baseline: the event seam's first hop in the same run (track returned -> EventsApplied at a subscriber)");
            EventSeamBenchmark.report("  EventsApplied at a subscriber  ", toApplied);
            if (toMembership.size() < orders) {
                System.out.println("  (" + (orders - toMembership.size()) + " orders did not change the membership within 30 s)");
            }
        }
    }

    private static void cost(MongoClient client) throws Exception {
        System.out.println("segments: engine cost of one EventsApplied (called directly, 200 customers, median per event)");
        int[][] shapes = {{10, 0}, {10, 90}, {10, 990}, {100, 0}};
        for (int[] shape : shapes) {
            try (Wiring w = new Wiring(client, "benchsegcost" + shape[0] + "x" + shape[1], false)) {
                w.segments(shape[0], shape[1]);
                List<String> customers = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    String phone = "+86136" + String.format("%08d", i);
                    w.order("c1-" + i, phone);
                    customers.add(w.order("c2-" + i, phone));
                }
                List<Long> engine = new ArrayList<>();
                List<Long> facts = new ArrayList<>();
                for (int round = 0; round < 2; round++) {
                    for (String customer : customers) {
                        DomainEvent event = new DomainEvent("bench-" + customer + round, DomainEvent.EVENTS_APPLIED, w.tenant,
                                customer, Instant.now(), Map.of("events", List.of()));
                        long t0 = System.nanoTime();
                        w.engine.handle(event);
                        long t1 = System.nanoTime();
                        w.c360.liveFacts(w.db, customer);
                        long t2 = System.nanoTime();
                        if (round == 1) {
                            engine.add(t1 - t0);
                            facts.add(t2 - t1);
                        }
                    }
                }
                double e = median(engine);
                double f = median(facts);
                System.out.printf("  %5d dependent of %5d segments: %.2f ms per event; profile facts read alone %.2f ms (%.1fx)%n",
                        shape[0], shape[0] + shape[1], e, f, e / f);
            }
        }
    }

    /**
     * A full backfill of a three-condition segment ("2+ orders, spent 150 or more, not tagged vip") over {@code n}
     * profiles, from {@code put} to its backfill done, as profiles per second and the time a million would take at
     * that rate. Baselines in the same run: the raw driver reading every profile document once ({@code find} over the
     * collection, the floor of any backfill on this store) and counting the same three conditions in the stored
     * documents ({@code countDocuments}).
     */
    private static void backfill(MongoClient client, int n) throws Exception {
        try (Wiring w = new Wiring(client, "benchsegfill", false)) {
            List<String> batch = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String phone = "+86135" + String.format("%08d", i);
                for (int k = 0; k <= i % 3; k++) {
                    batch.add("{\"eventId\": \"f" + i + "-" + k + "\", \"type\": \"order\", \"time\": \"" + Instant.now()
                            + "\", \"identities\": {\"phone\": \"" + phone + "\"}, \"properties\": {\"amount\": " + (40 + i % 5 * 20) + "}}");
                }
                if (batch.size() >= 500 || i == n - 1) {
                    w.c360.track(w.db, Quotas.DEFAULT, "bench", JSON.readTree("[" + String.join(",", batch) + "]"));
                    batch.clear();
                }
            }
            w.start();
            long t0 = System.nanoTime();
            w.segments.put(w.admin, "three", JSON.readTree("""
                    {"names": {"en": "three"}, "rule": {"all": [{"field": "aggregates.orders.count", "op": "gte", "value": 2},
                     {"field": "aggregates.orders.amount", "op": "gte", "value": 150},
                     {"not": {"field": "tags", "op": "contains", "value": "vip"}}]}}"""));
            w.awaitBackfills();
            double seconds = (System.nanoTime() - t0) / 1e9 - 2.0; // less the backfill's start delay (2 s)
            long members = w.segments.count(w.admin, "three");
            long evaluated = w.segments.get(w.admin, "three").backfill().evaluated();
            var profiles = w.db.collection("c360_profiles");
            long r0 = System.nanoTime();
            long read = 0;
            for (Document ignored : profiles.find()) {
                read++;
            }
            double scan = (System.nanoTime() - r0) / 1e9;
            long c0 = System.nanoTime();
            long counted = profiles.countDocuments(com.mongodb.client.model.Filters.and(
                    com.mongodb.client.model.Filters.gte("orders.count", 2), com.mongodb.client.model.Filters.gte("orders.amount", 150),
                    com.mongodb.client.model.Filters.exists("tags.vip", false)));
            double count = (System.nanoTime() - c0) / 1e9;
            System.out.printf("segments: full backfill of a three-condition segment over %,d profiles (in-JVM MongoDB)%n", evaluated);
            System.out.printf("  backfill %.1f s (%,.0f profiles/s; a million at this rate: %.0f s), %,d members%n",
                    seconds, evaluated / seconds, 1e6 / (evaluated / seconds), members);
            System.out.printf("baseline: raw driver over the same store: every profile read once %.2f s (%,d); the three"
                    + " conditions counted by the store %.2f s (%,d)%n", scan, read, count, counted);
        }
    }

    private static double median(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2) / 1e6;
    }

    /** One tenant's customer 360, seam, scheduler and segment engine on the shared server. */
    private static final class Wiring implements AutoCloseable {
        final TenantId tenant;
        final TenantDatabase db;
        final EventSeam seam;
        final DefaultScheduler scheduler;
        final Customer360 c360;
        final SegmentEngine engine;
        final Segments segments;
        final CallContext admin;

        Wiring(MongoClient client, String name, boolean subscribe) {
            tenant = TenantId.of(name);
            MongoTenantDatabases databases = new MongoTenantDatabases(client);
            db = databases.forTenant(new TenantContext(tenant, "bench", "bench", Set.of(Role.TENANT_ADMIN), false));
            TenantDatabase tenantDb = db;
            Clock clock = Clock.systemUTC();
            seam = new EventSeam(() -> List.of(tenantDb), SeamOptions.defaults("bench")
                    .alsoFrom(List.of(SegmentEngine.MEMBERSHIPS)), clock);
            MetadataService metadata = new MetadataService(clock, Executors.newVirtualThreadPerTaskExecutor(), seam);
            c360 = new Customer360(metadata, new RecordService(metadata, clock, seam), clock, seam);
            c360.ensureIndexes(db);
            scheduler = new DefaultScheduler(client.getDatabase("platform_" + name), clock,
                    SchedulerOptions.defaults().withNodeId("bench"));
            engine = new SegmentEngine(c360, t -> tenantDb, scheduler, seam, clock);
            engine.ensureIndexes(db);
            segments = new Segments(databases, engine, c360, clock);
            if (subscribe) {
                seam.subscribe(engine);
            }
            admin = new CallContext(tenant, "bench", Set.of(Role.TENANT_ADMIN), Quotas.DEFAULT, null, null);
        }

        /** {@code dependent} segments that read orders (one of them "twice") and {@code others} that cannot. */
        void segments(int dependent, int others) {
            segments.put(admin, "twice", JSON.readTree(TWICE));
            for (int i = 1; i < dependent; i++) {
                String rule = switch (i % 3) {
                    case 0 -> "{\"field\": \"aggregates.orders.count\", \"op\": \"gte\", \"value\": " + (1 + i % 5) + "}";
                    case 1 -> "{\"behavior\": {\"event\": \"order\", \"window\": {\"lastDays\": " + (7 + i % 60)
                            + "}, \"measure\": \"sum\", \"property\": \"amount\", \"op\": \"gte\", \"value\": " + (50 * i) + "}}";
                    default -> "{\"all\": [{\"field\": \"aggregates.orders.count\", \"op\": \"gte\", \"value\": 1},"
                            + " {\"not\": {\"field\": \"tags\", \"op\": \"contains\", \"value\": \"t" + i + "\"}}]}";
                };
                segments.put(admin, "dep_" + i, JSON.readTree("{\"names\": {\"en\": \"d\"}, \"rule\": " + rule + "}"));
            }
            for (int i = 0; i < others; i++) {
                segments.put(admin, "other_" + i, JSON.readTree("{\"names\": {\"en\": \"o\"}, \"rule\": {\"field\": "
                        + "\"plugins.loyalty.tier\", \"op\": \"eq\", \"value\": \"tier" + i + "\"}}"));
            }
        }

        void start() {
            seam.start();
            scheduler.start();
        }

        void awaitBackfills() throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (System.nanoTime() < deadline && !segments.list(admin).stream().allMatch(s -> s.backfill().done())) {
                Thread.sleep(100);
            }
        }

        /** One order of the person with this phone; the customer. */
        String order(String id, String phone) {
            var results = c360.track(db, Quotas.DEFAULT, "bench", JSON.readTree("[{\"eventId\": \"" + id + "\", \"type\": \"order\", "
                    + "\"time\": \"" + Instant.now() + "\", \"identities\": {\"phone\": \"" + phone + "\"}, \"properties\": {\"amount\": 99}}]"));
            return results.getFirst().customerId();
        }

        @Override
        public void close() {
            seam.close();
            scheduler.close();
            db.collection("c360_events").drop();
            for (String c : List.of("c360_profiles", "seg_members", "seg_definitions")) {
                db.collection(c).deleteMany(new Document());
            }
        }
    }
}
