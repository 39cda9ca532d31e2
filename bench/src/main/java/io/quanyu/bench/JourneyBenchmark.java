package io.quanyu.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.quanyu.core.call.CallContext;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.customer360.Customer360;
import io.quanyu.customer360.Customers;
import io.quanyu.customer360.EventResult;
import io.quanyu.journeys.JourneyEngine;
import io.quanyu.journeys.Journeys;
import io.quanyu.messaging.ChannelDirectory;
import io.quanyu.messaging.DeliveryService;
import io.quanyu.messaging.Messaging;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.outbox.DomainEvent;
import io.quanyu.outbox.EventSeam;
import io.quanyu.outbox.SeamOptions;
import io.quanyu.records.MetadataService;
import io.quanyu.records.RecordService;
import io.quanyu.records.Records;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Journeys, in-process on the in-JVM MongoDB wire server (or the MongoDB {@code MONGODB_URI} names), wired as the
 * server wires them (customer 360, event seam, scheduler, delivery service with a channel that accepts every message,
 * journey engine):
 * <ol>
 *   <li><b>step executions per second</b>: {@code n} customers ({@code -Djourneys.steps.customers}, default 10,000)
 *   enter a journey of three steps (a split, a tag, the end), and as many another of two (a send through the
 *   delivery service, the end), their entry events handed to the engine directly in runs of 100 on two threads (the
 *   seam's partitions); steps per second of each, after a warm-up through journeys of the same shapes
 *   ({@code -Djourneys.steps.warmup}, default 2,000 and a quarter of that) that is not counted.
 *   Baselines in the same run: the raw driver inserting as many step-log documents on two threads, one at a time and
 *   100 at a time (as the engine logs a round of a seam run's steps);</li>
 *   <li><b>wake-up latency of a wait for an event</b>, with {@code w} customers waiting ({@code -Djourneys.waiting},
 *   default 10,000): one order of a waiting customer at a time, timed from {@code track}'s return to the
 *   {@code TagsChanged} of the tag after the wait reaching a subscriber; p50/p95. Baseline in the same run: the
 *   path's first hop alone, from {@code track}'s return to the {@code EventsApplied} reaching a subscriber;</li>
 *   <li><b>timed wake-ups</b>: {@code t} customers ({@code -Djourneys.timed}, default 5,000) resting in a one-second
 *   wait, all due when the scheduler starts, until each is past it; wakes per second. Baseline in the same run: the
 *   raw scheduler firing as many timers with a handler that only counts.</li>
 * </ol>
 */
public final class JourneyBenchmark {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JourneyBenchmark() {
    }

    /** With {@code -Djourneys.commands=true}: the store commands each journey's run sent, by command and collection. */
    private static final java.util.concurrent.ConcurrentHashMap<String, java.util.concurrent.atomic.LongAdder> COMMANDS =
            new java.util.concurrent.ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        var settings = com.mongodb.MongoClientSettings.builder();
        if (Boolean.getBoolean("journeys.commands")) {
            settings.addCommandListener(new com.mongodb.event.CommandListener() {
                @Override
                public void commandStarted(com.mongodb.event.CommandStartedEvent event) {
                    var target = event.getCommand().get(event.getCommandName());
                    String on = target != null && target.isString() ? target.asString().getValue() : "";
                    COMMANDS.computeIfAbsent(event.getCommandName() + " " + on, k -> new java.util.concurrent.atomic.LongAdder())
                            .increment();
                }
            });
        }
        try (InJvmMongo server = InJvmMongo.start(); MongoClient client = MongoClients.create(settings
                .applyConnectionString(new com.mongodb.ConnectionString(server.connectionString())).build())) {
            steps(client, Integer.getInteger("journeys.steps.customers", 10_000));
        }
        if (Boolean.getBoolean("journeys.steps.only")) {
            return;
        }
        try (InJvmMongo server = InJvmMongo.start(); MongoClient client = MongoClients.create(server.connectionString())) {
            timedWakes(client, Integer.getInteger("journeys.timed", 5_000));
        }
        try (InJvmMongo server = InJvmMongo.start(); MongoClient client = MongoClients.create(server.connectionString())) {
            wakeUps(client, Integer.getInteger("journeys.waiting", 10_000), Integer.getInteger("journeys.orders", 200));
        }
    }

    private static void steps(MongoClient client, int n) throws Exception {
        Wiring w = new Wiring(client, "benchjsteps");
        for (String name : List.of("warm", "steps")) {
            w.journeys.put(w.admin, name, JSON.readTree("""
                    {"names": {"en": "%s"}, "entry": {"event": "%s"}, "start": "ab",
                     "nodes": {"ab": {"type": "split", "arms": [{"name": "a", "percent": 50, "next": "ta"},
                                                                {"name": "b", "percent": 50, "next": "tb"}]},
                               "ta": {"type": "tag", "add": ["arm-a"], "next": "end"},
                               "tb": {"type": "tag", "add": ["arm-b"], "next": "end"},
                               "end": {"type": "end"}}}""".formatted(name, name + "_signup")));
            w.journeys.publish(w.admin, name);
        }
        for (String name : List.of("warmsends", "sends")) {
            w.journeys.put(w.admin, name, JSON.readTree("""
                    {"names": {"en": "%s"}, "entry": {"event": "%s"}, "start": "hello",
                     "nodes": {"hello": {"type": "send", "template": "welcome", "channels": ["email"], "next": "end"},
                               "end": {"type": "end"}}}""".formatted(name, name + "_optin")));
            w.journeys.publish(w.admin, name);
        }
        int warm = Integer.getInteger("journeys.steps.warmup", 2_000);
        handInRuns(w.engine, w.track("warm_signup", warm, "warm"));
        handInRuns(w.engine, w.track("warmsends_optin", warm / 4, "warmo"));
        System.out.printf("journeys: %,d customers through each journey, entry events handed to the engine in runs of 100 on 2 threads,"
                + " %s, after %,d through a journey like the first and %,d through the second (not counted)%n", n, store(), warm,
                warm / 4);
        double splitTagEnd = through(w, "steps", w.track("steps_signup", n, "s"), "a split, a tag, the end");
        double sendEnd = through(w, "sends", w.track("sends_optin", n, "o"), "a send through the delivery service, the end");
        long steps = w.db.collection("journey_steps").countDocuments(new Document("journey", "steps"));
        var raw = w.db.collection("bench_steps");
        double rawRate = rawSteps(steps, 1, (thread, from, to) -> raw.insertOne(step(from)));
        System.out.printf("baseline: raw driver inserting %,d step documents one at a time on 2 threads: %,.0f/s (%.1fx the first journey,"
                + " %.1fx the second)%n", steps, rawRate, rawRate / splitTagEnd, rawRate / sendEnd);
        var batched = w.db.collection("bench_steps_batched");
        double batchedRate = rawSteps(steps, 100, (thread, from, to) -> {
            List<Document> docs = new ArrayList<>();
            for (long i = from; i < to; i++) {
                docs.add(step(i));
            }
            batched.insertMany(docs);
        });
        System.out.printf("baseline: raw driver inserting them 100 at a time on 2 threads: %,.0f/s (%.1fx the first journey)%n",
                batchedRate, batchedRate / splitTagEnd);
        w.close();
    }

    /** Which store the run uses: the in-JVM server, or the one {@code MONGODB_URI} names ({@link InJvmMongo#start}). */
    private static String store() {
        String uri = System.getenv("MONGODB_URI");
        return uri == null || uri.isBlank() ? "in-JVM MongoDB" : "the MongoDB at MONGODB_URI";
    }

    private interface Inserts {
        void insert(int thread, long from, long to);
    }

    /** {@code n} step documents inserted in runs of {@code run} on two threads; per second. */
    private static double rawSteps(long n, int run, Inserts inserts) throws Exception {
        long r0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int thread = t;
                work.add(pool.submit(() -> {
                    for (long from = (long) thread * run; from < n; from += 2L * run) {
                        inserts.insert(thread, from, Math.min(from + run, n));
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        }
        return n / ((System.nanoTime() - r0) / 1e9);
    }

    private static Document step(long i) {
        return new Document("_id", "steps|c" + i + "|1|node").append("journey", "steps").append("customer", "c" + i)
                .append("run", 1L).append("version", 1L).append("node", "node").append("order", 1_000L)
                .append("at", new java.util.Date()).append("choice", null);
    }

    /** Hands the entries to the engine; prints and answers the steps per second of the journey. */
    private static double through(Wiring w, String journey, List<DomainEvent> entries, String what) throws Exception {
        COMMANDS.clear();
        long t0 = System.nanoTime();
        handInRuns(w.engine, entries);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (!COMMANDS.isEmpty()) {
            System.out.printf("  store commands per enrollment of %s:%n", journey);
            COMMANDS.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue().sum(), a.getValue().sum()))
                    .forEach(c -> System.out.printf("    %6.2f  %s%n", c.getValue().sum() / (double) entries.size(), c.getKey()));
        }
        long steps = w.db.collection("journey_steps").countDocuments(new Document("journey", journey));
        long done = w.db.collection("journey_enrollments").countDocuments(new Document("journey", journey).append("state", "done"));
        System.out.printf("  %s (%s): %,d steps in %.1f s, %,.0f steps/s, %,d enrollments done%n", journey, what, steps,
                seconds, steps / seconds, done);
        return steps / seconds;
    }

    private static void wakeUps(MongoClient client, int waiting, int orders) throws Exception {
        Wiring w = new Wiring(client, "benchjwake");
        w.journeys.put(w.admin, "wait", JSON.readTree("""
                {"names": {"en": "wait"}, "entry": {"event": "visit"}, "start": "wait",
                 "nodes": {"wait": {"type": "waitForEvent", "event": "order", "timeout": "P30D", "onEvent": "bought", "onTimeout": "end"},
                           "bought": {"type": "tag", "add": ["bought"], "next": "end"},
                           "end": {"type": "end"}}}"""));
        w.journeys.publish(w.admin, "wait");
        List<DomainEvent> entries = w.track("visit", waiting, "w");
        long t0 = System.nanoTime();
        handInRuns(w.engine, entries);
        double entering = (System.nanoTime() - t0) / 1e9;
        long resting = w.db.collection("journey_enrollments").countDocuments(new Document("state", "waiting"));
        Map<String, Long> applied = new ConcurrentHashMap<>();
        Map<String, Long> tagged = new ConcurrentHashMap<>();
        w.seam.subscribe(SeamListeners.applied("bench-applied", applied));
        w.seam.subscribe(SeamListeners.listener("bench-tagged", DomainEvent.TAGS_CHANGED, e -> tagged.putIfAbsent(e.key(), System.nanoTime())));
        w.seam.subscribe(w.engine);
        w.seam.start();
        w.scheduler.start();
        // the seam first delivers the entry events already in its log (the engine finds them all entered)
        long drain = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (applied.size() < waiting && System.nanoTime() < drain) {
            Thread.sleep(50);
        }
        Thread.sleep(1_000);
        List<Long> toWake = new ArrayList<>();
        List<Long> toApplied = new ArrayList<>();
        for (int i = 0; i < orders + 20; i++) {
            String email = "w" + (i * 37 % waiting) + "@example.com";
            String eventId = "o-" + UUID.randomUUID();
            EventResult r = w.c360.track(w.db, Quotas.DEFAULT, "bench", JSON.readTree("[{\"eventId\": \"" + eventId
                    + "\", \"type\": \"order\", \"time\": \"" + Instant.now() + "\", \"identities\": {\"email\": \"" + email + "\"}}]")).getFirst();
            long acked = System.nanoTime();
            long deadline = acked + Duration.ofSeconds(10).toNanos();
            while ((!tagged.containsKey(r.customerId()) || !applied.containsKey(eventId)) && System.nanoTime() < deadline) {
                Thread.sleep(0, 200_000);
            }
            if (i >= 20 && tagged.containsKey(r.customerId()) && applied.containsKey(eventId)) {
                toWake.add(tagged.get(r.customerId()) - acked);
                toApplied.add(applied.get(eventId) - acked);
            }
        }
        System.out.printf("journeys: a wait for an event, %,d customers waiting (entered in %.1f s), one order at a time%n",
                resting, entering);
        EventSeamBenchmark.report("  order acknowledged -> past the wait (TagsChanged of the next node received)", toWake);
        System.out.println("baseline: the event seam's first hop in the same run");
        EventSeamBenchmark.report("  order acknowledged -> EventsApplied received                             ", toApplied);
        w.close();
    }

    /**
     * {@code n} customers resting in a one-second wait whose timers are all due when the scheduler starts, until each
     * has gone past it (a tag, the end); against the raw scheduler firing as many timers with a handler that only
     * counts, on its own tenant in the same run.
     */
    private static void timedWakes(MongoClient client, int n) throws Exception {
        Wiring raw = new Wiring(client, "benchjraw");
        java.util.concurrent.atomic.LongAdder fired = new java.util.concurrent.atomic.LongAdder();
        raw.scheduler.register("bench.raw", timer -> fired.increment());
        List<io.quanyu.scheduling.TimerRequest> timers = new ArrayList<>();
        Instant due = Instant.now();
        for (int i = 0; i < n; i++) {
            timers.add(new io.quanyu.scheduling.TimerRequest(raw.db.tenant(), "bench.raw", "t" + i, due, Map.of("i", i)));
        }
        for (int from = 0; from < n; from += 1_000) {
            raw.scheduler.scheduleAll(timers.subList(from, Math.min(from + 1_000, n)));
        }
        long r0 = System.nanoTime();
        raw.scheduler.start();
        while (fired.sum() < n && System.nanoTime() - r0 < Duration.ofMinutes(10).toNanos()) {
            Thread.sleep(20);
        }
        double rawSeconds = (System.nanoTime() - r0) / 1e9;
        raw.close();

        Wiring w = new Wiring(client, "benchjtimed");
        w.journeys.put(w.admin, "nap", JSON.readTree("""
                {"names": {"en": "nap"}, "entry": {"event": "visit"}, "start": "nap",
                 "nodes": {"nap": {"type": "wait", "duration": "PT1S", "next": "woke"},
                           "woke": {"type": "tag", "add": ["woke"], "next": "end"}, "end": {"type": "end"}}}"""));
        w.journeys.publish(w.admin, "nap");
        long e0 = System.nanoTime();
        handInRuns(w.engine, w.track("visit", n, "t"));
        double entering = (System.nanoTime() - e0) / 1e9;
        long resting = w.db.collection("journey_enrollments").countDocuments(new Document("state", "waiting"));
        Thread.sleep(1_500);
        var done = new Document("journey", "nap").append("state", "done");
        long t0 = System.nanoTime();
        w.scheduler.start();
        while (w.db.collection("journey_enrollments").countDocuments(done) < resting
                && System.nanoTime() - t0 < Duration.ofMinutes(10).toNanos()) {
            Thread.sleep(200);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long woke = w.db.collection("journey_enrollments").countDocuments(done);
        System.out.printf("journeys: %,d customers resting in a one-second wait (entered in %.1f s), all due when the scheduler"
                + " starts: %,d past the wait (a tag, the end) in %.1f s, %,.0f wakes/s%n", resting, entering, woke, seconds,
                woke / seconds);
        System.out.printf("baseline: the raw scheduler firing %,d timers (a handler that counts) in %.1f s, %,.0f/s (%.1fx)%n",
                fired.sum(), rawSeconds, fired.sum() / rawSeconds, (fired.sum() / rawSeconds) / (woke / seconds));
        w.close();
    }

    /** The entry events handed to the engine in runs of 100 on two threads, as the seam's partitions would. */
    private static void handInRuns(JourneyEngine engine, List<DomainEvent> events) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int thread = t;
                work.add(pool.submit(() -> {
                    for (int from = thread * 100; from < events.size(); from += 200) {
                        engine.handleAll(events.subList(from, Math.min(from + 100, events.size())));
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        }
    }

    /** One tenant's customer 360, seam, scheduler, delivery service and journey engine on the shared server. */
    private static final class Wiring implements AutoCloseable {
        final TenantDatabase db;
        final EventSeam seam;
        final DefaultScheduler scheduler;
        final Customer360 c360;
        final JourneyEngine engine;
        final Journeys journeys;
        final CallContext admin;

        Wiring(MongoClient client, String name) {
            TenantId tenant = TenantId.of(name);
            MongoTenantDatabases databases = new MongoTenantDatabases(client);
            db = databases.forTenant(new TenantContext(tenant, "bench", "bench", Set.of(Role.TENANT_ADMIN), false));
            TenantDatabase tenantDb = db;
            Clock clock = Clock.systemUTC();
            seam = new EventSeam(() -> List.of(tenantDb), SeamOptions.defaults("bench"), clock);
            MetadataService metadata = new MetadataService(clock, Executors.newVirtualThreadPerTaskExecutor(), seam);
            RecordService records = new RecordService(metadata, clock, seam);
            c360 = new Customer360(metadata, records, clock, seam);
            c360.ensureIndexes(db);
            scheduler = new DefaultScheduler(client.getDatabase("platform_" + name), clock,
                    SchedulerOptions.defaults().withNodeId("bench"));
            Segments segments = new Segments(databases, new SegmentEngine(c360, t -> tenantDb, scheduler, seam, clock), c360, clock);
            ChannelDirectory accepting = new ChannelDirectory() {
                @Override
                public List<Channel> channels(TenantId t) {
                    return List.of(new Channel("email", "channel-email", List.of("email"), null));
                }

                @Override
                public Answer send(CallContext call, Channel channel, Outgoing message) {
                    return Answer.sent("m-" + message.sendId());
                }
            };
            Records recordsService = new Records(databases, metadata, records, null);
            Customers customers = new Customers(databases, c360, recordsService);
            DeliveryService delivery = new DeliveryService(databases, customers, accepting, scheduler, clock, t -> Quotas.DEFAULT, seam);
            delivery.ensureIndexes(db);
            engine = new JourneyEngine(c360, recordsService, segments, delivery, scheduler, t -> tenantDb, t -> Quotas.DEFAULT, clock);
            engine.ensureIndexes(db);
            Messaging messaging = new Messaging(databases, delivery, accepting, clock);
            journeys = new Journeys(databases, engine, messaging, clock);
            admin = new CallContext(tenant, "bench", Set.of(Role.TENANT_ADMIN), Quotas.DEFAULT, null, null);
            messaging.putTemplate(admin, "welcome", JSON.readTree("""
                    {"channels": {"email": {"zh-CN": {"subject": "欢迎", "text": "欢迎", "html": "<p>欢迎</p>"}}}}"""));
        }

        /** One event of type for each of {@code n} new customers, stored; their {@code EventsApplied} as the seam gives it. */
        List<DomainEvent> track(String type, int n, String prefix) {
            List<DomainEvent> out = new ArrayList<>();
            List<String> batch = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                batch.add("{\"eventId\": \"" + prefix + i + "\", \"type\": \"" + type + "\", \"time\": \"" + Instant.now()
                        + "\", \"identities\": {\"email\": \"" + prefix + i + "@example.com\"}}");
                if (batch.size() == 500 || i == n - 1) {
                    for (EventResult r : c360.track(db, Quotas.DEFAULT, "bench", JSON.readTree("[" + String.join(",", batch) + "]"))) {
                        out.add(new DomainEvent("d-" + r.eventId(), DomainEvent.EVENTS_APPLIED, db.tenant(), r.customerId(),
                                Instant.now(), Map.of("events", List.of(r.eventId()))));
                    }
                    batch.clear();
                }
            }
            return out;
        }

        @Override
        public void close() {
            seam.close();
            scheduler.close();
        }
    }
}
