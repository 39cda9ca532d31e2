package io.quanyu.scheduling;

import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import io.quanyu.core.tenant.TenantId;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static com.mongodb.client.model.Filters.eq;

/**
 * Fires one entry: calls its kind's handler and decides what the entry's outcome is. A handler that throws (or a
 * kind no handler is registered for on this node) gets the timer placed again after the backoff, with the attempt
 * counted; after the last attempt the timer is dead. An entry written by a retry or relocation is first compared
 * with the timer's pointer: an older generation is a stale twin (left by a crash or a race) and does not fire.
 */
final class Firing {
    private static final Logger LOG = LoggerFactory.getLogger(Firing.class);
    static final String OK = "ok";
    static final String RETRY = "retry";
    static final String DEAD = "dead";
    static final String SUPERSEDED = "superseded";

    private final Store store;
    private final Placement placement;
    private final Map<String, TimerHandler> handlers;
    private final SchedulerOptions options;
    private final Clock clock;

    Firing(Store store, Placement placement, Map<String, TimerHandler> handlers, SchedulerOptions options, Clock clock) {
        this.store = store;
        this.placement = placement;
        this.handlers = handlers;
        this.options = options;
        this.clock = clock;
    }

    /** Fires an entry of {@code chunk}; answers the outcome to record on it. */
    String fire(String chunk, Document stored) {
        NewEntry entry = NewEntry.of(Store.tenantOfChunk(chunk), stored);
        if (entry.verify() && !current(entry)) {
            return SUPERSEDED;
        }
        try {
            handler(entry.kind()).fire(new FiredTimer(new TenantId(entry.tenant()), entry.kind(), entry.key(),
                    entry.due(), Payloads.fromBson(entry.payload()), entry.attempt(), idempotencyKey(entry)));
            return OK;
        } catch (Exception e) {
            return failed(entry, e);
        }
    }

    static String idempotencyKey(NewEntry entry) {
        return entry.timerId() + "|" + entry.incarnation();
    }

    private TimerHandler handler(String kind) {
        TimerHandler handler = handlers.get(kind);
        if (handler == null) {
            return timer -> {
                throw new IllegalStateException("no handler for kind " + kind + " on node " + options.nodeId());
            };
        }
        return handler;
    }

    /** Whether the entry is the timer's newest: same life of the key, alive, no newer generation recorded. */
    private boolean current(NewEntry entry) {
        Document pointer = store.timers.find(eq("_id", entry.timerId()))
                .projection(Projections.include("state", "i", "g")).first();
        return pointer != null && pointer.get("state") == null && entry.incarnation().equals(pointer.getString("i"))
                && pointer.getInteger("g", 0) <= entry.generation();
    }

    private String failed(NewEntry entry, Exception e) {
        String error = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (entry.attempt() >= options.maxAttempts()) {
            LOG.warn("timer {} is dead after {} attempts: {}", entry.timerId(), entry.attempt(), error);
            bury(entry, error);
            return DEAD;
        }
        int next = entry.attempt() + 1;
        Instant at = clock.instant().plus(options.backoff(next));
        LOG.debug("timer {} failed attempt {}, next at {}: {}", entry.timerId(), entry.attempt(), at, error);
        placement.relocate(List.of(entry.retried(at, next)));
        return RETRY;
    }

    private void bury(NewEntry entry, String error) {
        Document dead = new Document("_id", entry.timerId()).append("tenant", entry.tenant()).append("kind", entry.kind())
                .append("key", entry.key()).append("i", entry.incarnation()).append("due", Date.from(entry.due()))
                .append("a", entry.attempt()).append("g", entry.generation()).append("error", error).append("deadAt", Date.from(clock.instant()));
        if (entry.payload() != null) {
            dead.append("p", entry.payload());
        }
        store.dead.replaceOne(eq("_id", entry.timerId()), dead, new ReplaceOptions().upsert(true));
        store.timers.updateOne(eq("_id", entry.timerId()), Updates.set("state", "dead"));
    }
}
