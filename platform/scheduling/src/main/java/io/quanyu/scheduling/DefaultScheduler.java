package io.quanyu.scheduling;

import com.mongodb.client.MongoDatabase;
import io.quanyu.core.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * The scheduler on MongoDB, with every timer of every tenant in the platform database ({@code sched_*} collections),
 * because fairness is across tenants. Timers are grouped by due time into short buckets and within a bucket per
 * tenant into chunks; a node claims a whole ended chunk with a lease, fires it and records the outcomes on it. Every
 * read and write is by {@code _id}, so the embedded store (no secondary indexes) stays fast. See the module README for
 * the layout and the guarantees.
 */
public final class DefaultScheduler implements Scheduler {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultScheduler.class);

    private final SchedulerOptions options;
    private final Clock clock;
    private final Map<String, TimerHandler> handlers = new ConcurrentHashMap<>();
    private final Timers timers;
    private final Jobs jobs;
    private final Dispatcher dispatcher;
    private final Janitor janitor;
    private final long bucketMillis;
    private volatile Thread loop;
    private volatile boolean running;

    /** Opens the store in {@code platformDatabase} (recording its layout on first use); call {@link #start()} to fire. */
    public DefaultScheduler(MongoDatabase platformDatabase, Clock clock, SchedulerOptions options) {
        this.options = options;
        this.clock = clock;
        Store store = Store.open(platformDatabase, clock.instant(), options);
        this.bucketMillis = store.bucketMillis;
        Placement placement = new Placement(store, clock);
        this.timers = new Timers(store, placement, clock);
        this.jobs = new Jobs(timers, handlers, clock);
        Engine engine = new Engine(store, new Leases(store, options.lease().toMillis(), options.nodeId()),
                new Firing(store, placement, handlers, options, clock), new Semaphore(options.workers(), true), options, clock);
        this.dispatcher = new Dispatcher(engine);
        this.janitor = new Janitor(engine);
    }

    @Override
    public Timer schedule(TimerRequest request) {
        return timers.scheduleAll(List.of(request), false).getFirst();
    }

    @Override
    public List<Timer> scheduleAll(List<TimerRequest> requests) {
        return requests.isEmpty() ? List.of() : timers.scheduleAll(requests, false);
    }

    @Override
    public boolean cancel(TenantId tenant, String kind, String key) {
        TimerRequests.requireKind(kind, true);
        return timers.cancel(tenant, kind, key);
    }

    @Override
    public Optional<Timer> find(TenantId tenant, String kind, String key) {
        TimerRequests.requireKind(kind, true);
        return timers.find(tenant, kind, key);
    }

    @Override
    public void register(String kind, TimerHandler handler) {
        TimerRequests.requireKind(kind, false);
        handlers.put(kind, handler);
    }

    @Override
    public void every(String name, Duration period, TimerHandler handler) {
        jobs.every(name, period, handler);
        if (running) {
            jobs.ensureAll();
        }
    }

    @Override
    public List<DeadTimer> deadTimers(TenantId tenant, int limit) {
        return timers.deadTimers(tenant, limit);
    }

    @Override
    public boolean retry(TenantId tenant, String kind, String key) {
        TimerRequests.requireKind(kind, true);
        return timers.retry(tenant, kind, key);
    }

    @Override
    public synchronized void start() {
        if (running) {
            throw new IllegalStateException("the scheduler is already running");
        }
        running = true;
        jobs.ensureAll();
        loop = Thread.ofPlatform().daemon().name("quanyu-scheduler-" + options.nodeId()).start(this::loop);
    }

    private void loop() {
        long lastJanitor = 0;
        while (running) {
            boolean started = false;
            try {
                started = dispatcher.round();
                if (System.nanoTime() - lastJanitor > 1_000_000_000L) {
                    lastJanitor = System.nanoTime();
                    janitor.nudge();
                }
            } catch (RuntimeException e) {
                LOG.warn("scheduler round on node {} failed; retrying", options.nodeId(), e);
            }
            try {
                dispatcher.pause(started ? options.pollInterval().toMillis() : untilNextBucket());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Until just after the current bucket ends, at most one poll interval. */
    private long untilNextBucket() {
        Instant now = clock.instant();
        long untilEnd = bucketMillis - Math.floorMod(now.toEpochMilli(), bucketMillis) + 2;
        return Math.min(untilEnd, options.pollInterval().toMillis());
    }

    @Override
    public void close() {
        Thread thread;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            thread = loop;
        }
        dispatcher.wakeUp();
        try {
            thread.join(options.pollInterval().toMillis() * 4 + 1_000);
            janitor.stop(options.lease().toMillis());
            long deadline = System.nanoTime() + options.lease().toNanos();
            while (!dispatcher.idle() && System.nanoTime() < deadline) {
                dispatcher.pause(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
