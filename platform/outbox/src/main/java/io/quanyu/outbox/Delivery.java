package io.quanyu.outbox;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.quanyu.mongodb.TenantDatabase;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands a partition's new events to each subscriber, in log order, under that subscriber's lease on the partition:
 * one node at a time per (subscriber, partition), so events with the same key arrive in order. The position moves
 * after each batch, so a node that dies mid-batch makes the next holder deliver that batch again (at least once).
 * Events go to a subscriber a run at a time (one by one when the run fails). A failing event waits for its next
 * attempt (doubling pauses, without holding up the partition's other subscribers); after the last attempt it
 * becomes a dead letter and delivery goes on. A subscriber that is
 * unavailable keeps its position and gets the run again at the next poll. A number the log skipped (its relay died
 * between taking it and writing it) is passed over once it has been missing for the grace period.
 */
final class Delivery {
    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);
    private final EventLog log;
    private final SeamOptions options;
    private final Clock clock;
    private final Map<String, Long> gapsSeen = new ConcurrentHashMap<>();
    /** Events that failed and wait for their next attempt, by tenant, subscriber and event id. */
    private final Map<String, Retry> retries = new ConcurrentHashMap<>();
    /** Subscribers that said they are unavailable, to log an outage once. */
    private final java.util.Set<String> down = ConcurrentHashMap.newKeySet();

    Delivery(EventLog log, SeamOptions options, Clock clock) {
        this.log = log;
        this.options = options;
        this.clock = clock;
    }

    /** Delivers what this node can of one partition to each subscriber. */
    void deliver(TenantDatabase db, int partition, List<Subscriber> subscribers) {
        for (Subscriber subscriber : subscribers) {
            Lease lease = Lease.take(log.positions(db), subscriber.name() + "|p" + partition, options.node(),
                    clock.millis(), options.leaseMillis());
            if (lease == null) {
                continue;
            }
            try {
                drain(db, partition, subscriber, lease);
            } finally {
                lease.release();
            }
        }
    }

    private void drain(TenantDatabase db, int partition, Subscriber subscriber, Lease lease) {
        long trimmed = log.trimmed(db, partition);
        if (lease.cursor() < trimmed && !lease.advance(trimmed, clock.millis(), options.leaseMillis())) {
            return; // a new subscriber starts at what the log still keeps
        }
        long head = log.head(db, partition);
        while (lease.cursor() < head) {
            long to = Math.min(head, lease.cursor() + options.batch());
            long reached = deliverBatch(db, partition, subscriber, lease.cursor() + 1, to);
            if (reached == lease.cursor() || !lease.advance(reached, clock.millis(), options.leaseMillis())) {
                return;
            }
            head = log.head(db, partition);
        }
    }

    /**
     * Delivers {@code from..to}; returns the last number passed: less than {@code to} when a fresh gap stops it or an
     * event waits for its next attempt, and {@code from - 1} when the subscriber is unavailable for a run.
     */
    private long deliverBatch(TenantDatabase db, int partition, Subscriber subscriber, long from, long to) {
        Map<Long, Document> entries = log.read(db, partition, from, to);
        long reached = from - 1;
        List<DomainEvent> run = new ArrayList<>();
        List<Long> numbers = new ArrayList<>();
        for (long seq = from; seq <= to; seq++) {
            Document entry = entries.get(seq);
            if (entry == null && !gapExpired(db, partition, seq)) {
                break;
            }
            if (entry != null && !gapsSeen.isEmpty()) {
                gapsSeen.remove(db.tenant().value() + "|" + EventLog.logId(partition, seq));
            }
            if (entry != null && wants(subscriber, entry)) {
                run.add(EventLog.event(db.tenant(), entry));
                numbers.add(seq);
            }
            reached = seq;
        }
        return hand(db, subscriber, run, numbers, from - 1, reached);
    }

    /** Hands a run over at once, or one by one when that fails; returns the last number passed. */
    private long hand(TenantDatabase db, Subscriber subscriber, List<DomainEvent> run, List<Long> numbers, long before,
                      long reached) {
        if (run.isEmpty()) {
            return reached;
        }
        if (takesRuns(subscriber)) {
            Exception failure = call(subscriber, () -> subscriber.handleAll(run));
            if (failure == null) {
                return reached;
            }
            if (failure instanceof Subscriber.Unavailable) {
                return before;
            }
            LOG.debug("subscriber {} failed a run of {} events; handing them over one by one", subscriber.name(), run.size(), failure);
        }
        for (int i = 0; i < run.size(); i++) {
            if (!handle(db, subscriber, run.get(i))) {
                return numbers.get(i) - 1;
            }
        }
        return reached;
    }

    private boolean gapExpired(TenantDatabase db, int partition, long seq) {
        String key = db.tenant().value() + "|" + EventLog.logId(partition, seq);
        long first = gapsSeen.computeIfAbsent(key, k -> clock.millis());
        boolean expired = clock.millis() - first >= options.gapGraceMillis();
        if (expired) {
            gapsSeen.remove(key);
            LOG.warn("passing over {}: its relay took the number and wrote nothing", key);
        }
        return expired;
    }

    private static boolean wants(Subscriber subscriber, Document entry) {
        return subscriber.types().isEmpty() || subscriber.types().contains(entry.getString("type"));
    }

    /**
     * One attempt at one event: true when it is passed (handled, or given up on and kept as a dead letter); false
     * when it waits (for its next attempt, with doubling pauses, or for an unavailable subscriber). Waiting never
     * sleeps here, so the partition's other subscribers go on; the next poll comes back to it.
     */
    private boolean handle(TenantDatabase db, Subscriber subscriber, DomainEvent event) {
        String key = db.tenant().value() + "|" + subscriber.name() + "|" + event.id();
        Retry retry = retries.get(key);
        if (retry != null && clock.millis() < retry.due()) {
            return false;
        }
        Exception failure = call(subscriber, () -> subscriber.handle(event));
        if (failure == null) {
            retries.remove(key);
            return true;
        }
        if (failure instanceof Subscriber.Unavailable) {
            return false;
        }
        int attempts = retry == null ? 1 : retry.attempts() + 1;
        if (attempts < options.maxAttempts()) {
            retries.put(key, new Retry(attempts, clock.millis() + (options.retryMillis() << (attempts - 1))));
            return false;
        }
        retries.remove(key);
        LOG.warn("subscriber {} gave up on event {} ({})", subscriber.name(), event.id(), event.type(), failure);
        bury(db, subscriber, event, failure);
        return true;
    }

    /** How often an event failed on this node, and when it may be tried again. */
    private record Retry(int attempts, long due) {
    }

    /** Whether the subscriber has its own {@code handleAll} (the default one would only count an attempt twice). */
    private static boolean takesRuns(Subscriber subscriber) {
        return TAKES_RUNS.get(subscriber.getClass());
    }

    private static final ClassValue<Boolean> TAKES_RUNS = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                return type.getMethod("handleAll", List.class).getDeclaringClass() != Subscriber.class;
            } catch (NoSuchMethodException e) {
                return false;
            }
        }
    };

    /** A call of the subscriber's. */
    private interface Attempt {
        void run() throws Exception;
    }

    /** Makes one call: null when it succeeded, else what it threw (an outage is logged once). */
    private Exception call(Subscriber subscriber, Attempt attempt) {
        try {
            attempt.run();
            available(subscriber);
            return null;
        } catch (Subscriber.Unavailable e) {
            unavailable(subscriber, e);
            return e;
        } catch (Exception e) {
            return e;
        }
    }

    private void unavailable(Subscriber subscriber, Exception e) {
        if (down.add(subscriber.name())) {
            LOG.warn("subscriber {} is unavailable ({}); its events wait and come again", subscriber.name(), e.getMessage());
        }
    }

    private void available(Subscriber subscriber) {
        if (!down.isEmpty() && down.remove(subscriber.name())) {
            LOG.info("subscriber {} is available again; catching up", subscriber.name());
        }
    }

    private void bury(TenantDatabase db, Subscriber subscriber, DomainEvent event, Exception error) {
        var letter = new Document("_id", subscriber.name() + "|" + event.id()).append("subscriber", subscriber.name())
                .append("event", DeadLetters.document(event)).append("attempts", options.maxAttempts())
                .append("error", String.valueOf(error)).append("at", new Date(clock.millis()));
        db.collection(EventLog.DEAD).replaceOne(Filters.eq("_id", letter.getString("_id")), letter,
                new ReplaceOptions().upsert(true));
    }
}
