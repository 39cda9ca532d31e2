package io.quanyu.outbox;

import io.quanyu.mongodb.TenantDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The platform's one internal event seam, on one node. Stores write domain events into the changed document
 * ({@link Outbox}) and signal this node ({@link #written}); the seam relays them into the tenant's partitioned log
 * and delivers them to every {@link Subscriber}: at least once, in order per event key, with retries and dead
 * letters. Any node can do any of it: writes are relayed by the node that made them (a sweep picks up what a dead
 * node left), and delivery of each (subscriber, partition) is leased. Nodes find each other's work by polling the
 * log heads, so more nodes need nothing but the same MongoDB.
 */
public final class EventSeam implements OutboxSignal, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventSeam.class);
    private final Supplier<Collection<TenantDatabase>> tenants;
    private final SeamOptions options;
    private final EventLog log;
    private final Relay relay;
    private final Delivery delivery;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    /** Documents signalled and not relayed yet, per tenant and collection. */
    private final Map<String, Queue<Object>> signalled = new ConcurrentHashMap<>();
    /** One relay at a time per collection and one delivery at a time per partition, on this node. */
    private final Coalescer relays = new Coalescer(workers);
    private final Coalescer deliveries = new Coalescer(workers);
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "event-seam");
        t.setDaemon(true);
        return t;
    });
    private final Clock clock;

    /** {@code tenants}: the tenants this node serves (their logs are polled and swept). */
    public EventSeam(Supplier<Collection<TenantDatabase>> tenants, SeamOptions options, Clock clock) {
        this.tenants = tenants;
        this.options = options;
        this.clock = clock;
        this.log = new EventLog(options.partitions());
        this.relay = new Relay(log, options.sources());
        this.delivery = new Delivery(log, options, clock);
    }

    /** Adds a subscriber; where it has no position yet it starts at the oldest event the log still keeps. */
    public EventSeam subscribe(Subscriber subscriber) {
        if (subscribers.stream().anyMatch(s -> s.name().equals(subscriber.name()))) {
            throw new IllegalArgumentException("a subscriber named " + subscriber.name() + " exists");
        }
        subscribers.add(subscriber);
        return this;
    }

    /** Starts polling for other nodes' work and sweeping for lost signals. */
    public EventSeam start() {
        ticker.scheduleWithFixedDelay(() -> safely("poll", this::poll), options.pollMillis(), options.pollMillis(),
                TimeUnit.MILLISECONDS);
        ticker.scheduleWithFixedDelay(() -> safely("sweep", this::sweep), options.sweepMillis(), options.sweepMillis(),
                TimeUnit.MILLISECONDS);
        return this;
    }

    /** Queues the document for this node's relay of its collection, which takes what has queued up in batches. */
    @Override
    public void written(TenantDatabase db, String collection, Object id) {
        String key = db.tenant().value() + "|" + collection;
        signalled.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>()).add(id);
        relays.run(key, () -> safely("relay", () -> relaySignalled(db, collection, signalled.get(key))));
    }

    /** Relays queued documents oldest first, up to a batch at a time. */
    private void relaySignalled(TenantDatabase db, String collection, Queue<Object> queued) {
        while (!queued.isEmpty()) {
            Set<Object> batch = new java.util.LinkedHashSet<>();
            for (Object id = queued.poll(); id != null && batch.size() < options.batch(); id = queued.poll()) {
                batch.add(id);
            }
            relay.relay(db, collection, batch).forEach(p -> kick(db, p));
        }
    }

    /** Looks at every served tenant's log heads and delivers where a subscriber is behind. */
    public void poll() {
        for (TenantDatabase db : tenants.get()) {
            Map<Integer, Long> heads = log.heads(db);
            if (heads.isEmpty()) {
                continue;
            }
            Map<String, Long> positions = positions(db);
            heads.forEach((partition, head) -> subscribers.stream()
                    .filter(s -> positions.getOrDefault(s.name() + "|p" + partition, 0L) < head)
                    .forEach(s -> kick(db, partition, s)));
        }
    }

    /**
     * Relays events whose signal was lost (older than the stale age), and trims the log (see {@link #trim}), in
     * every served tenant.
     */
    public void sweep() {
        Date olderThan = new Date(clock.millis() - options.staleMillis());
        for (TenantDatabase db : tenants.get()) {
            relay.sweep(db, olderThan).forEach(p -> kick(db, p));
            trim(db);
        }
    }

    /**
     * Drops what every subscriber has passed (the positions of every node's subscribers, and none yet for this node's
     * new ones) once it is older than the retention, so a subscriber another node runs, or one added later, still
     * finds what the retention keeps.
     */
    private void trim(TenantDatabase db) {
        Map<String, Long> positions = positions(db);
        Date olderThan = new Date(clock.millis() - options.retentionMillis());
        log.heads(db).forEach((partition, head) -> {
            String suffix = "|p" + partition;
            long passed = java.util.stream.Stream.concat(
                            positions.entrySet().stream().filter(e -> e.getKey().endsWith(suffix)).map(Map.Entry::getValue),
                            subscribers.stream().map(s -> positions.getOrDefault(s.name() + suffix, 0L)))
                    .mapToLong(Long::longValue).min().orElse(head);
            log.trim(db, partition, passed, olderThan);
        });
    }

    private Map<String, Long> positions(TenantDatabase db) {
        Map<String, Long> out = new java.util.HashMap<>();
        log.positions(db).find().forEach(d -> out.put(d.getString("_id"), d.get("cursor", Number.class).longValue()));
        return out;
    }

    private void kick(TenantDatabase db, int partition) {
        subscribers.forEach(subscriber -> kick(db, partition, subscriber));
    }

    /**
     * Delivers a partition to one subscriber: one task at a time per (tenant, partition, subscriber) on this node, so
     * a slow subscriber (a plugin's) holds up only itself.
     */
    private void kick(TenantDatabase db, int partition, Subscriber subscriber) {
        deliveries.run(db.tenant().value() + "|" + partition + "|" + subscriber.name(),
                () -> safely("delivery", () -> delivery.deliver(db, partition, List.of(subscriber))));
    }

    /**
     * How many events of the tenant's log a subscriber has not passed yet (all types, summed over partitions): what
     * an operator watches while a subscriber is unavailable.
     */
    public long lag(TenantDatabase db, String subscriber) {
        Map<String, Long> positions = positions(db);
        return log.heads(db).entrySet().stream()
                .mapToLong(h -> Math.max(0, h.getValue() - positions.getOrDefault(subscriber + "|p" + h.getKey(), 0L)))
                .sum();
    }

    /**
     * Forgets a subscriber in a tenant: its positions and dead letters go (when what it served there is gone, so its
     * old position no longer holds back the trim). While it is still subscribed, it starts again at the oldest event
     * the log keeps.
     */
    public void forget(TenantDatabase db, String subscriber) {
        List<String> ids = java.util.stream.IntStream.range(0, options.partitions())
                .mapToObj(p -> subscriber + "|p" + p).toList();
        log.positions(db).deleteMany(com.mongodb.client.model.Filters.in("_id", ids));
        DeadLetters.forget(db, subscriber);
    }

    /** The events a subscriber (every subscriber when null) gave up on in a tenant. */
    public List<DeadLetter> deadLetters(TenantDatabase db, String subscriber) {
        return DeadLetters.list(db, subscriber);
    }

    /**
     * Hands a dead letter to its subscriber again, now; on success it leaves the list. Returns whether it
     * succeeded (false also for an unknown id or a subscriber this node does not run).
     */
    public boolean replay(TenantDatabase db, String deadLetterId) {
        var letter = DeadLetters.find(db, deadLetterId).orElse(null);
        Subscriber subscriber = letter == null ? null : subscribers.stream()
                .filter(s -> s.name().equals(letter.subscriber())).findFirst().orElse(null);
        if (subscriber == null) {
            return false;
        }
        try {
            subscriber.handle(letter.event());
        } catch (Exception e) {
            LOG.warn("replay of {} failed again", deadLetterId, e);
            return false;
        }
        DeadLetters.remove(db, deadLetterId);
        return true;
    }

    private static void safely(String what, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.warn("event seam {} failed; the next round retries", what, e);
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        workers.shutdown();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
