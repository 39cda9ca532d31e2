package io.quanyu.bench;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.scheduling.DefaultScheduler;
import io.quanyu.scheduling.FiredTimer;
import io.quanyu.scheduling.SchedulerOptions;
import io.quanyu.scheduling.TimerRequest;
import io.quanyu.testfixtures.InJvmMongo;
import org.bson.Document;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Durable timers on one node over a MongoDB wire server reached by TCP (the production shape): N timers due in one
 * minute, fired by a handler that inserts one effect document keyed by the timer's idempotency key.
 * <ul>
 *   <li>burst: the N timers are due in the minute before the node starts; fire rate from start to the last fire, next
 *       to {@link RawTimerLoop} doing the same reads and writes with the raw driver in the same run;</li>
 *   <li>live: the node runs, the N timers are due spread across the next minute; lateness (fire time − due time)
 *       p50/p99/max and the rate the node kept up with.</li>
 * </ul>
 * Argument: [timers], default 100,000.
 */
public final class SchedulingBenchmark {
    static final TenantId TENANT = TenantId.of("benchsched");
    static final String KIND = "bench";
    static final SchedulerOptions OPTIONS = SchedulerOptions.defaults().withNodeId("bench-node");
    private static final int BATCH = 5_000;

    private SchedulingBenchmark() {
    }

    /** What one node's handler saw: when each timer fired (epoch millis), how many calls. */
    record Firings(AtomicLongArray firedAt, AtomicInteger calls) {
        Firings(int timers) {
            this(new AtomicLongArray(timers), new AtomicInteger());
        }

        long last() {
            long last = 0;
            for (int i = 0; i < firedAt.length(); i++) {
                last = Math.max(last, firedAt.get(i));
            }
            return last;
        }
    }

    public static void main(String[] args) throws Exception {
        int timers = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        System.out.printf("Timers on a MongoDB wire server (mongo-java-server, memory backend, over TCP): %d due in one "
                        + "minute, one node (bucket %d ms, chunk %d, %d chunks and %d handler calls at once)%n", timers,
                OPTIONS.bucket().toMillis(), OPTIONS.chunkSize(), OPTIONS.chunksInFlight(), OPTIONS.workers());
        onFreshServer(db -> burst(db, 10_000));
        onFreshServer(db -> RawTimerLoop.run(prepared(db, 10_000)));
        double raw = onFreshServer(db -> RawTimerLoop.run(prepared(db, timers)))[0];
        double[] burst = onFreshServer(db -> burst(db, timers));
        System.out.printf("%-34s %9.0f/s%n", "schedule (scheduleAll, 5000/call)", burst[1]);
        System.out.printf("%-34s scheduler %7.0f/s   raw driver %7.0f/s   ratio %.2f   (drained in %.1f s)%n",
                "burst: due in the past minute", burst[0], raw, burst[0] / raw, timers / burst[0]);
        onFreshServer(db -> live(db, timers, burst[1]));
        System.out.println("targets: >= 5,000 fired/s per node; lateness p99 < 2 s");
    }

    private interface Phase {
        Object run(MongoDatabase database) throws Exception;
    }

    /**
     * Runs a phase on its own wire server: the embedded store keeps every write in its oplog, so phases do not share
     * one server's memory.
     */
    private static double[] onFreshServer(Phase phase) throws Exception {
        try (InJvmMongo server = InJvmMongo.start(); MongoClient client = MongoClients.create(server.connectionString())) {
            Object result = phase.run(client.getDatabase("quanyu_platform"));
            return result instanceof double[] d ? d : result instanceof Double d ? new double[]{d} : new double[0];
        }
    }

    /** The N timers scheduled (not fired) in a database, due across the minute before now. */
    static MongoDatabase prepared(MongoDatabase database, int timers) throws InterruptedException {
        schedule(new DefaultScheduler(database, Clock.systemUTC(), OPTIONS), timers, previousMinute(), Duration.ofMinutes(1));
        waitForBucketsToEnd();
        return database;
    }

    /** Timers due now go to a bucket ending at least half a bucket from now: let those buckets end. */
    private static void waitForBucketsToEnd() throws InterruptedException {
        Thread.sleep(2 * OPTIONS.bucket().toMillis());
    }

    /**
     * {fire rate, schedule rate} for N timers due in the past minute, the node started once they were scheduled and
     * their buckets had ended (as the baseline is).
     */
    private static double[] burst(MongoDatabase database, int timers) throws InterruptedException {
        DefaultScheduler node = new DefaultScheduler(database, Clock.systemUTC(), OPTIONS);
        Firings firings = register(node, database, timers);
        double scheduleRate = schedule(node, timers, previousMinute(), Duration.ofMinutes(1));
        waitForBucketsToEnd();
        long start = System.currentTimeMillis();
        node.start();
        awaitAll(firings, timers, Duration.ofMinutes(10));
        double rate = timers / ((firings.last() - start) / 1000.0);
        node.close();
        check(database, firings, timers);
        return new double[]{rate, scheduleRate};
    }

    private static Object live(MongoDatabase database, int timers, double scheduleRate) throws InterruptedException {
        DefaultScheduler node = new DefaultScheduler(database, Clock.systemUTC(), OPTIONS);
        Firings firings = register(node, database, timers);
        node.start();
        long lead = Math.max(10_000, (long) (2_000 * timers / scheduleRate));
        Instant from = Instant.ofEpochMilli(System.currentTimeMillis() + lead);
        schedule(node, timers, from, Duration.ofMinutes(1));
        boolean inTime = Instant.now().isBefore(from);
        awaitAll(firings, timers, Duration.ofMinutes(10));
        node.close();
        check(database, firings, timers);
        long[] lateness = lateness(firings, from, timers);
        System.out.printf("%-34s lateness p50 %.2f s   p99 %.2f s   max %.2f s   (%.0f/s kept up with%s)%n",
                "live: due across the next minute", lateness[timers / 2] / 1000.0,
                lateness[(int) Math.ceil(timers * 0.99) - 1] / 1000.0, lateness[timers - 1] / 1000.0,
                timers / ((firings.last() - from.toEpochMilli()) / 1000.0), inTime ? "" : "; scheduling ended late");
        return null;
    }

    /** Fire time − due time of every timer, sorted. */
    private static long[] lateness(Firings firings, Instant from, int timers) {
        long[] lateness = new long[timers];
        for (int i = 0; i < timers; i++) {
            lateness[i] = firings.firedAt().get(i) - due(from, Duration.ofMinutes(1), timers, i).toEpochMilli();
        }
        Arrays.sort(lateness);
        return lateness;
    }

    private static Firings register(DefaultScheduler node, MongoDatabase database, int timers) {
        Firings firings = new Firings(timers);
        MongoCollection<Document> effects = database.getCollection("effects");
        node.register(KIND, timer -> fire(timer, effects, firings));
        return firings;
    }

    private static void fire(FiredTimer timer, MongoCollection<Document> effects, Firings firings) {
        try {
            effects.insertOne(new Document("_id", timer.idempotencyKey()).append("at", new Date()));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
        firings.firedAt().set(Integer.parseInt(timer.key().substring(2)), System.currentTimeMillis());
        firings.calls().incrementAndGet();
    }

    /** Schedules N timers due evenly across {@code span} from {@code from}, 5,000 per call; answers timers/s. */
    static double schedule(DefaultScheduler node, int timers, Instant from, Duration span) {
        long start = System.nanoTime();
        for (int batch = 0; batch < timers; batch += BATCH) {
            List<TimerRequest> requests = new ArrayList<>(BATCH);
            for (int i = batch; i < Math.min(timers, batch + BATCH); i++) {
                requests.add(TimerRequest.of(TENANT, KIND, "t-" + i, due(from, span, timers, i)));
            }
            node.scheduleAll(requests);
        }
        return timers / ((System.nanoTime() - start) / 1e9);
    }

    private static Instant due(Instant from, Duration span, int timers, int i) {
        return from.plusMillis(span.toMillis() * i / timers);
    }

    private static Instant previousMinute() {
        long minute = 60_000;
        return Instant.ofEpochMilli((System.currentTimeMillis() / minute - 1) * minute);
    }

    private static void awaitAll(Firings firings, int timers, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (firings.calls().get() < timers) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + firings.calls().get() + " of " + timers + " timers fired in " + limit);
            }
            Thread.sleep(10);
        }
    }

    private static void check(MongoDatabase database, Firings firings, int timers) {
        long effects = database.getCollection("effects").countDocuments();
        if (effects != timers || firings.calls().get() != timers) {
            throw new IllegalStateException(timers + " timers: " + effects + " effects, " + firings.calls().get() + " calls");
        }
    }
}
