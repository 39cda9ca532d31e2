package io.quanyu.bench;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.changestream.ChangeStreamDocument;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.outbox.DomainEvent;
import io.quanyu.outbox.EventSeam;
import io.quanyu.outbox.SeamOptions;
import io.quanyu.outbox.Subscriber;
import io.quanyu.records.MetadataService;
import io.quanyu.records.RecordService;
import io.quanyu.testfixtures.InJvmMongo;
import org.bson.Document;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Applied change → subscriber called, through the event seam: a record created through the records service (its
 * RecordCreated written in the same insert), relayed into the tenant's log and handed to a subscriber, timed from the
 * moment the write returned to the moment the subscriber is called. Idle (one write every 20 ms) and under 1,000
 * writes per second. Baseline in the same run: MongoDB's own change stream on the same server, timed from a raw
 * insert's return to the watcher receiving it, at the same rates.
 */
public final class EventSeamBenchmark {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private EventSeamBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int idle = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int loadSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        try (InJvmMongo server = InJvmMongo.start(); MongoClient client = MongoClients.create(server.connectionString())) {
            TenantDatabase db = new MongoTenantDatabases(client).forTenant(new TenantContext(new TenantId("benchevents"),
                    "bench", "bench", Set.of(Role.INTEGRATOR), true));
            Map<String, Long> written = new ConcurrentHashMap<>();
            Map<String, Long> received = new ConcurrentHashMap<>();
            try (EventSeam seam = new EventSeam(() -> List.of(db), SeamOptions.defaults("bench"), Clock.systemUTC())) {
                seam.subscribe(timer(received)).start();
                var metadata = new MetadataService(Clock.systemUTC(), Executors.newVirtualThreadPerTaskExecutor());
                var records = new RecordService(metadata, Clock.systemUTC(), seam);
                metadata.create(db, JSON.readTree("""
                        {"apiName": "visit", "label": {"en": "Visit"}, "fields": [
                          {"apiName": "n", "type": "integer", "label": {"en": "N"}}]}"""), "bench", Quotas.DEFAULT);
                Consumer<Integer> write = n -> {
                    String id = records.create(db, "visit", JSON.createObjectNode().put("n", n), "bench", Quotas.DEFAULT)
                            .path("_id").asString();
                    written.put(id, System.nanoTime());
                };
                run(write, written, received, 500, 200); // warm-up, not reported
                System.out.println("event seam: applied change -> subscriber called (RecordCreated, in-JVM MongoDB wire server)");
                report("  idle, 1 write / 20 ms      ", run(write, written, received, idle, 50));
                report("  1,000 writes/s for " + loadSeconds + " s   ", run(write, written, received, loadSeconds * 1_000, 1_000));
            }
            changeStreamBaseline(client, idle, loadSeconds);
        }
    }

    private static Subscriber timer(Map<String, Long> received) {
        return new Subscriber() {
            public String name() {
                return "bench-timer";
            }

            public Set<String> types() {
                return Set.of(DomainEvent.RECORD_CREATED);
            }

            public void handle(DomainEvent event) {
                received.putIfAbsent((String) event.data().get("id"), System.nanoTime());
            }
        };
    }

    /**
     * Calls {@code write} {@code count} times at {@code perSecond} (each records when its write returned, by id),
     * waits until each was received; returns received − returned per write (0 when the subscriber was faster than
     * the write's own answer).
     */
    private static List<Long> run(Consumer<Integer> write, Map<String, Long> written, Map<String, Long> received,
                                  int count, int perSecond) throws InterruptedException {
        written.clear();
        received.clear();
        ScheduledExecutorService pacer = Executors.newScheduledThreadPool(4);
        long period = 1_000_000_000L / perSecond;
        var sent = new java.util.concurrent.atomic.AtomicInteger();
        var task = pacer.scheduleAtFixedRate(() -> {
            int n = sent.getAndIncrement();
            if (n < count) {
                write.accept(n);
            }
        }, 0, period, TimeUnit.NANOSECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(count / perSecond + 30);
        while ((written.size() < count || !received.keySet().containsAll(written.keySet())) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        task.cancel(false);
        pacer.shutdownNow();
        List<Long> out = new ArrayList<>();
        long start = written.values().stream().mapToLong(Long::longValue).min().orElse(0);
        written.forEach((id, at) -> {
            Long got = received.get(id);
            if (got != null) {
                out.add(Math.max(0, got - at));
                if (Boolean.getBoolean("bench.trace") && got - at > 500_000_000L) {
                    System.out.printf("slow: written at %.3f s, received at %.3f s%n", (at - start) / 1e9, (got - start) / 1e9);
                }
            }
        });
        return out;
    }

    private static void changeStreamBaseline(MongoClient client, int idle, int loadSeconds) throws Exception {
        MongoCollection<Document> raw = client.getDatabase("bench_raw_events").getCollection("visits");
        Map<String, Long> written = new ConcurrentHashMap<>();
        Map<String, Long> received = new ConcurrentHashMap<>();
        Thread watcher = Thread.ofPlatform().daemon().start(() -> {
            try (var cursor = raw.watch().iterator()) {
                while (!Thread.currentThread().isInterrupted()) {
                    ChangeStreamDocument<Document> change = cursor.next();
                    received.putIfAbsent(change.getFullDocument().getString("_id"), System.nanoTime());
                }
            } catch (RuntimeException e) {
                // the client closes at the end
            }
        });
        Thread.sleep(500);
        Consumer<Integer> write = n -> {
            String id = java.util.UUID.randomUUID().toString();
            raw.insertOne(new Document("_id", id).append("n", n));
            written.put(id, System.nanoTime());
        };
        run(write, written, received, 500, 200);
        System.out.println("baseline: MongoDB change stream on the same server (raw insert returned -> watcher received)");
        report("  idle, 1 write / 20 ms      ", run(write, written, received, idle, 50));
        report("  1,000 writes/s for " + loadSeconds + " s   ", run(write, written, received, loadSeconds * 1_000, 1_000));
        watcher.interrupt();
    }

    static void report(String label, List<Long> nanos) {
        if (nanos.isEmpty()) {
            System.out.println(label + "no deliveries");
            return;
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        System.out.printf("%s n=%d  p50 %.1f ms  p95 %.1f ms  p99 %.1f ms%n", label, sorted.size(),
                at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99));
    }

    private static double at(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1)) / 1e6;
    }
}
