package io.quanyu.bench;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.customer360.Customer360;
import io.quanyu.customer360.EventResult;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.records.MetadataService;
import io.quanyu.records.RecordService;
import org.bson.Document;
import tools.jackson.databind.node.ArrayNode;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Event ingestion against the raw MongoDB driver, in one run on one MongoDB wire server: (a) {@code insertMany} of
 * the event documents the event store writes (the baseline), (b) {@code Customer360.track} in-process on a fresh
 * tenant, once creating the visitors' profiles and once more with new events of the same visitors, (c)
 * {@code POST /api/v1/events} of a running server (tenant acme) with a few concurrent senders. Batches of 500.
 * In (b) each {@code track} call is timed, the same batch's documents are then inserted with a pure
 * {@code insertMany} into a scratch collection and timed, and every MongoDB round trip is summed by command and
 * collection: the difference is what resolution and aggregates cost, and the round trips say where it goes.
 * Arguments: [events] [visitors] [HTTP senders]; {@code -Dquanyu.bench.mongo|server|keycloak} name the servers.
 */
public final class IngestBenchmark {
    private static final int BATCH = 500;
    private static final String SCRATCH = "bench_ingest";
    private final MongoClient client;
    private final CommandTimes times;
    private final Customer360 c360;

    /** One pass of the service: its time in {@code track}, the inline raw inserts, and its round trips. */
    record ServicePass(int events, long trackNanos, long insertNanos, Map<String, CommandTimes.Total> commands) {
    }

    /**
     * The HTTP pass: wall time from the first send to the last answer, each batch's latency (retries included), and
     * how many answers were 5xx (the batch is then sent again, as a client would; its stored events come back as
     * duplicates).
     */
    record HttpPass(int events, long nanos, long[] latencies, long serverErrors) {
    }

    private IngestBenchmark(MongoClient client, CommandTimes times) {
        this.client = client;
        this.times = times;
        var metadata = new MetadataService(Clock.systemUTC(), Executors.newVirtualThreadPerTaskExecutor());
        var records = new RecordService(metadata, Clock.systemUTC());
        this.c360 = new Customer360(metadata, records, Clock.systemUTC());
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int people = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int senders = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        String mongo = System.getProperty("quanyu.bench.mongo", "mongodb://127.0.0.1:27117");
        CommandTimes times = new CommandTimes();
        try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(mongo)).addCommandListener(times).build())) {
            new IngestBenchmark(client, times).run(mongo, count, people, senders);
        }
    }

    private void run(String mongo, int count, int people, int senders) throws Exception {
        String run = "r" + Long.toString(System.currentTimeMillis(), 36);
        List<ArrayNode> batches = BenchEvents.batches(run, run, count, people, BATCH, false);
        List<ArrayNode> again = BenchEvents.batches(run + "b", run, count, people, BATCH, false);
        List<ArrayNode> warm = BenchEvents.batches(run + "w", run + "w", 4 * BATCH, 200, BATCH, false);
        var endpoint = new EventsEndpoint(System.getProperty("quanyu.bench.server", "http://127.0.0.1:8080"),
                System.getProperty("quanyu.bench.keycloak", "http://127.0.0.1:18080"));
        System.out.printf("Event ingestion on the MongoDB wire server at %s (mongo-java-server, H2 file backend), run %s%n"
                + "%d events of %d visitors (page_view 80%%, share 15%%, signup 5%%, over a month), batches of %d; HTTP: %d senders%n",
                mongo, run, count, people, BATCH, senders);
        TenantDatabase tenant = tenant("bench" + run);
        TenantDatabase warmTenant = tenant("bench" + run + "w");
        try {
            warmUp(warm, warmTenant, endpoint);
            double raw = rate(count, raw(batches));
            System.out.printf("%n%-44s %8.0f events/s%n", "(a) raw driver insertMany (baseline)", raw);
            ServicePass created = service(tenant, batches);
            line("(b) service track(), new profiles", rate(created.events(), created.trackNanos()), raw);
            ServicePass reused = service(tenant, again);
            line("    service track(), profiles exist", rate(reused.events(), reused.trackNanos()), raw);
            System.out.printf("    inline insertMany baselines in (b): %.0f and %.0f events/s%n",
                    rate(created.events(), created.insertNanos()), rate(reused.events(), reused.insertNanos()));
            report(http(batches, endpoint, senders), raw, senders);
            ServiceBreakdown.print("new profiles", created);
            ServiceBreakdown.print("profiles exist", reused);
        } finally {
            empty(SCRATCH);
            empty(tenant.tenant().databaseName());
            empty(warmTenant.tenant().databaseName());
        }
        System.out.printf("Dropped the scratch collections; the HTTP pass left %d events (and their visitors' customers) in tenant acme.%n",
                count + 2 * BATCH);
    }

    /** Drops a scratch database's collections one by one (the H2 backend fails {@code dropDatabase} on them). */
    private void empty(String database) {
        var db = client.getDatabase(database);
        for (String name : db.listCollectionNames()) {
            try {
                db.getCollection(name).drop();
            } catch (RuntimeException e) {
                System.out.printf("could not drop %s.%s: %s%n", database, name, e.getMessage());
            }
        }
    }

    private void warmUp(List<ArrayNode> warm, TenantDatabase db, EventsEndpoint endpoint) throws Exception {
        raw(warm);
        service(db, warm);
        endpoint.authenticate();
        http(warm.subList(0, 2), endpoint, 1);
    }

    /** (a) The baseline: the event store's documents, built beforehand, inserted with {@code insertMany}. */
    private long raw(List<ArrayNode> batches) {
        MongoCollection<Document> events = scratch("raw_events");
        List<List<Document>> docs = batches.stream().map(b -> documents(b, null)).toList();
        long start = System.nanoTime();
        docs.forEach(d -> events.insertMany(d, new InsertManyOptions().ordered(false)));
        return System.nanoTime() - start;
    }

    /** (b) {@code track} per batch, then the same documents by a pure {@code insertMany}, each timed. */
    private ServicePass service(TenantDatabase db, List<ArrayNode> batches) {
        c360.ensureIndexes(db);
        MongoCollection<Document> inline = scratch("inline_events");
        times.reset();
        long track = 0;
        long insert = 0;
        int events = 0;
        for (ArrayNode batch : batches) {
            long start = System.nanoTime();
            List<EventResult> results = c360.track(db, Quotas.DEFAULT, "bench", batch);
            track += System.nanoTime() - start;
            List<Document> docs = documents(batch, results);
            start = System.nanoTime();
            inline.insertMany(docs, new InsertManyOptions().ordered(false));
            insert += System.nanoTime() - start;
            events += batch.size();
        }
        return new ServicePass(events, track, insert, times.of(db.tenant().databaseName()));
    }

    /** (c) {@code POST /api/v1/events}, bodies serialised beforehand, {@code senders} batches in flight at once. */
    private HttpPass http(List<ArrayNode> batches, EventsEndpoint endpoint, int senders) throws Exception {
        List<String> bodies = batches.stream().map(BenchEvents::body).toList();
        long[] latencies = new long[bodies.size()];
        AtomicInteger next = new AtomicInteger();
        java.util.concurrent.atomic.LongAdder serverErrors = new java.util.concurrent.atomic.LongAdder();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(senders)) {
            List<Future<Object>> running = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                running.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                        long sent = System.nanoTime();
                        HttpResponse<String> response = endpoint.post(bodies.get(i));
                        for (; response.statusCode() >= 500; response = endpoint.post(bodies.get(i))) {
                            serverErrors.increment();
                            System.out.println("    HTTP " + response.statusCode() + " for batch " + i + ", sent again: " + response.body());
                        }
                        expectAcknowledged(response, batches.get(i).size());
                        latencies[i] = System.nanoTime() - sent;
                    }
                    return null;
                }));
            }
            for (Future<Object> f : running) {
                f.get();
            }
        }
        return new HttpPass(batches.stream().mapToInt(ArrayNode::size).sum(), System.nanoTime() - start, latencies,
                serverErrors.sum());
    }

    /** Every event of the batch answered stored, or duplicate when an earlier attempt stored it. */
    private static void expectAcknowledged(HttpResponse<String> response, int size) {
        var answer = response.statusCode() == 200 ? BenchEvents.JSON.readTree(response.body()) : null;
        if (answer == null || answer.path("stored").asInt() + answer.path("duplicates").asInt() != size) {
            throw new IllegalStateException("POST /api/v1/events did not store the whole batch: " + response.statusCode()
                    + " " + response.body().substring(0, Math.min(400, response.body().length())));
        }
    }

    private static List<Document> documents(ArrayNode batch, List<EventResult> results) {
        List<Document> out = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            if (results != null && !"stored".equals(results.get(i).status())) {
                throw new IllegalStateException("track did not store event " + i + ": " + results.get(i));
            }
            out.add(BenchEvents.document(batch.get(i), results == null ? BenchEvents.customerOf(batch.get(i)) : results.get(i).customerId()));
        }
        return out;
    }

    /** A fresh scratch collection with the event store's indexes, so the baseline maintains what it maintains. */
    private MongoCollection<Document> scratch(String name) {
        MongoCollection<Document> events = client.getDatabase(SCRATCH).getCollection(name);
        events.drop();
        events.createIndex(Indexes.compoundIndex(Indexes.ascending("customerId"), Indexes.descending("time")));
        events.createIndex(Indexes.ascending("applied"));
        return events;
    }

    private TenantDatabase tenant(String id) {
        return new MongoTenantDatabases(client).forTenant(
                new TenantContext(TenantId.of(id), "bench", "bench", Set.of(Role.INTEGRATOR), true));
    }

    private static void report(HttpPass http, double rawRate, int senders) {
        line("(c) HTTP POST /api/v1/events, " + senders + " senders", rate(http.events(), http.nanos()), rawRate);
        long[] sorted = http.latencies().clone();
        Arrays.sort(sorted);
        System.out.printf("    HTTP batch latency p50 %.0f ms, p99 %.0f ms, max %.0f ms (%d batches of %d); %d answers were 5xx and sent again%n",
                percentile(sorted, 0.50) / 1e6, percentile(sorted, 0.99) / 1e6, sorted[sorted.length - 1] / 1e6, sorted.length, BATCH,
                http.serverErrors());
    }

    private static void line(String what, double rate, double raw) {
        System.out.printf("%-44s %8.0f events/s   ratio to raw %.2f (DESIGN target >= 0.70)%n", what, rate, rate / raw);
    }

    static double rate(int count, long nanos) {
        return count / (nanos / 1e9);
    }

    private static long percentile(long[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
