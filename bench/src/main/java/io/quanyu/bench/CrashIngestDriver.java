package io.quanyu.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import org.bson.Document;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The driver of {@code bench/crash-ingest}: sends batches of events (unique ids, device ids, phones and both) to
 * {@code POST /api/v1/events} as the acme integrator, each batch again and again until the server answers 200
 * (connection errors, timeouts and 5xx are retried after a short backoff, with no limit but one deadline for the
 * whole run), while the script kills the server with {@code kill -9} and restarts it. Every event id answered
 * {@code stored} or {@code duplicate} counts as acknowledged. Then it reads tenant acme's {@code c360_events}
 * directly: every acknowledged event must be there exactly once, and, once the sweep has run, applied once to its
 * profile's counts, and the segment it defined first ({@link CrashSegmentCheck}) must have made each membership's
 * transitions once, in version order, and ended as the stored events say. Writes the number of acknowledged batches to {@code -Dcrash.progress} as it goes; reads the
 * number of kills from {@code -Dcrash.kills}. Arguments: [batches] [batch size] [senders] [deadline s] [sweep wait s].
 * Exits 1 when an acknowledged event is missing, stored twice or counted twice, 2 when the deadline passed.
 */
public final class CrashIngestDriver {
    private final EventsEndpoint endpoint;
    private final Path progress = Path.of(System.getProperty("crash.progress", "crash-progress"));
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicInteger batchesDone = new AtomicInteger();
    private final LongAdder retries = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

    private CrashIngestDriver(EventsEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** The run gave up: the deadline passed before every batch was acknowledged. */
    static final class DeadlinePassed extends RuntimeException {
        DeadlinePassed(String message) {
            super(message);
        }
    }

    public static void main(String[] args) throws Exception {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 120;
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int senders = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        long budget = args.length > 3 ? Long.parseLong(args[3]) : 120;
        int sweepWait = args.length > 4 ? Integer.parseInt(args[4]) : 60;
        String run = "c" + Long.toString(System.currentTimeMillis(), 36);
        String server = System.getProperty("quanyu.bench.server", "http://127.0.0.1:8080");
        String keycloak = System.getProperty("quanyu.bench.keycloak", "http://127.0.0.1:18080");
        var driver = new CrashIngestDriver(new EventsEndpoint(server, keycloak));
        CrashSegmentCheck segment = new CrashSegmentCheck(run);
        segment.define(server, keycloak);
        Instant deadline = Instant.now().plusSeconds(budget);
        List<ArrayNode> all = BenchEvents.batches(run, run, batches * size, Math.max(1, batches * size / 10), size, true);
        System.out.printf("crash-ingest: run %s, %d batches of %d events, %d senders, deadline %s%n", run, batches, size, senders, deadline);
        long start = System.nanoTime();
        try {
            driver.send(all, senders, deadline);
        } catch (DeadlinePassed e) {
            System.out.println("crash-ingest: FAILED, " + e.getMessage());
            segment.drop(server, keycloak);
            System.exit(2);
        }
        System.out.printf("sent in %.1f s: %d events acknowledged, %d rejected, %d retries (%s)%n", (System.nanoTime() - start) / 1e9,
                driver.acknowledged.size(), driver.rejected.sum(), driver.retries.sum(), driver.failures);
        try (MongoClient client = MongoClients.create(System.getProperty("quanyu.bench.mongo", "mongodb://127.0.0.1:27117"))) {
            int events = new Verification(client.getDatabase("quanyu_t_acme"), run, driver.acknowledged).run(sweepWait);
            int segmentProblems = segment.verify(client.getDatabase("quanyu_t_acme"), 180);
            segment.drop(server, keycloak);
            System.exit(events != 0 ? events : segmentProblems > 0 ? 1 : 0);
        }
    }

    private void send(List<ArrayNode> batches, int senders, Instant deadline) throws Exception {
        List<String> bodies = batches.stream().map(BenchEvents::body).toList();
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(senders)) {
            List<Future<Object>> running = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                running.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                        record(untilAnswered(bodies.get(i), deadline));
                    }
                    return null;
                }));
            }
            for (Future<Object> f : running) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : e;
                }
            }
        }
    }

    /** Posts the batch until the server answers 200; connection errors and 5xx are retried with a short backoff. */
    private HttpResponse<String> untilAnswered(String body, Instant deadline) throws InterruptedException, IOException {
        long backoff = 100;
        while (Instant.now().isBefore(deadline)) {
            String failure;
            try {
                HttpResponse<String> response = endpoint.post(body);
                if (response.statusCode() == 200) {
                    return response;
                }
                if (response.statusCode() < 500 && response.statusCode() != 429) {
                    throw new IllegalStateException("the server refused a batch: " + response.statusCode() + " " + response.body());
                }
                failure = "http " + response.statusCode();
            } catch (IOException e) {
                failure = e.getClass().getSimpleName();
            }
            failures.computeIfAbsent(failure, f -> new LongAdder()).increment();
            retries.increment();
            Thread.sleep(backoff);
            backoff = Math.min(1_000, backoff * 2);
        }
        throw new DeadlinePassed(batchesDone.get() + " batches acknowledged when the deadline passed");
    }

    private void record(HttpResponse<String> response) throws IOException {
        for (JsonNode result : BenchEvents.JSON.readTree(response.body()).path("results")) {
            String status = result.path("status").asString();
            if (status.equals("stored") || status.equals("duplicate")) {
                acknowledged.add(result.path("eventId").asString());
            } else {
                rejected.increment();
                System.out.println("rejected: " + result);
            }
        }
        synchronized (progress) {
            Path tmp = progress.resolveSibling(progress.getFileName() + ".tmp");
            Files.writeString(tmp, batchesDone.incrementAndGet() + "\n");
            Files.move(tmp, progress, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    static int kills() {
        try {
            return Integer.parseInt(Files.readString(Path.of(System.getProperty("crash.kills", "crash-kills"))).strip());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /** Tenant acme's stored events of this run against the acknowledged ids. */
    record Verification(MongoDatabase acme, String run, Set<String> acknowledged) {

        int run(int sweepWait) throws InterruptedException {
            Map<String, Integer> copies = new HashMap<>();
            Set<String> customers = new HashSet<>();
            for (Document d : events()) {
                copies.merge(d.getString("_id"), 1, Integer::sum);
                customers.add(d.getString("customerId"));
            }
            long present = acknowledged.stream().filter(copies::containsKey).count();
            long missing = acknowledged.size() - present;
            long duplicated = copies.values().stream().filter(c -> c > 1).count();
            long unappliedNow = unapplied();
            System.out.printf("stored events of this run: %d (acknowledged %d, present %d, missing %d, stored more than once %d)%n",
                    copies.size(), acknowledged.size(), present, missing, duplicated);
            System.out.printf("unapplied right after the run: %d%n", unappliedNow);
            long unappliedLater = awaitSweep(unappliedNow, sweepWait);
            long counted = counted(customers);
            System.out.printf("events counted in their profiles' aggregates: %d (stored %d)%n", counted, copies.size());
            System.out.printf("crash-ingest: acknowledged %d, present %d, missing %d, duplicated %d, kills %d, unapplied after sweep %d, counted %d%n",
                    acknowledged.size(), present, missing, duplicated, kills(), unappliedLater, counted);
            boolean countedTwice = counted > copies.size();
            if (countedTwice) {
                System.out.println("crash-ingest: FAILED, some events were counted twice in the aggregates");
            }
            return missing > 0 || duplicated > 0 || countedTwice ? 1 : 0;
        }

        private Iterable<Document> events() {
            return acme.getCollection("c360_events").find(Filters.regex("_id", "^" + run + "-"))
                    .projection(Projections.include("_id", "customerId"));
        }

        private long unapplied() {
            return acme.getCollection("c360_batches").countDocuments(Filters.eq("applied", false));
        }

        /** Polls every 5 s for up to {@code seconds} while events are unapplied (the sweep runs every 15 s). */
        private long awaitSweep(long unapplied, int seconds) throws InterruptedException {
            long waited = 0;
            while (unapplied > 0 && waited < seconds) {
                Thread.sleep(5_000);
                waited += 5;
                unapplied = unapplied();
            }
            System.out.printf("unapplied after waiting %d s for the sweep: %d%n", waited, unapplied);
            return unapplied;
        }

        /** The sum of the event counts of the run's live profiles: each applied event adds one. */
        private long counted(Set<String> customers) {
            long sum = 0;
            for (Document p : acme.getCollection("c360_profiles").find(Filters.in("_id", customers))) {
                if (p.get("mergedInto") == null) {
                    sum += p.get("counts", new Document()).values().stream().mapToLong(v -> ((Number) v).longValue()).sum();
                }
            }
            return sum;
        }
    }
}
