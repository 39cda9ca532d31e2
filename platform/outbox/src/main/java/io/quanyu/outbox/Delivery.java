package io.quanyu.outbox;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.quanyu.mongodb.TenantDatabase;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands a partition's new events to each subscriber, in log order, under that subscriber's lease on the partition:
 * one node at a time per (subscriber, partition), so events with the same key arrive in order. The position moves
 * after each batch, so a node that dies mid-batch makes the next holder deliver that batch again (at least once).
 * A failing event is retried with doubling pauses; after the last attempt it becomes a dead letter and delivery
 * goes on. A number the log skipped (its relay died between taking it and writing it) is passed over once it has
 * been missing for the grace period.
 */
final class Delivery {
    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);
    private final EventLog log;
    private final SeamOptions options;
    private final Clock clock;
    private final Map<String, Long> gapsSeen = new ConcurrentHashMap<>();

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

    /** Delivers {@code from..to}; returns the last number passed (less than {@code to} when a fresh gap stops it). */
    private long deliverBatch(TenantDatabase db, int partition, Subscriber subscriber, long from, long to) {
        Map<Long, Document> events = log.read(db, partition, from, to);
        long reached = from - 1;
        for (long seq = from; seq <= to; seq++) {
            Document entry = events.get(seq);
            if (entry == null && !gapExpired(db, partition, seq)) {
                return reached;
            }
            if (entry != null && !gapsSeen.isEmpty()) {
                gapsSeen.remove(db.tenant().value() + "|" + EventLog.logId(partition, seq));
            }
            if (entry != null && wants(subscriber, entry)) {
                handle(db, subscriber, EventLog.event(db.tenant(), entry));
            }
            reached = seq;
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

    private void handle(TenantDatabase db, Subscriber subscriber, DomainEvent event) {
        Exception last = null;
        for (int attempt = 1; attempt <= options.maxAttempts(); attempt++) {
            try {
                subscriber.handle(event);
                return;
            } catch (Exception e) {
                last = e;
                pause(options.retryMillis() << (attempt - 1));
            }
        }
        LOG.warn("subscriber {} gave up on event {} ({})", subscriber.name(), event.id(), event.type(), last);
        bury(db, subscriber, event, last);
    }

    private void bury(TenantDatabase db, Subscriber subscriber, DomainEvent event, Exception error) {
        var letter = new Document("_id", subscriber.name() + "|" + event.id()).append("subscriber", subscriber.name())
                .append("event", DeadLetters.document(event)).append("attempts", options.maxAttempts())
                .append("error", String.valueOf(error)).append("at", new Date(clock.millis()));
        db.collection(EventLog.DEAD).replaceOne(Filters.eq("_id", letter.getString("_id")), letter,
                new ReplaceOptions().upsert(true));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
