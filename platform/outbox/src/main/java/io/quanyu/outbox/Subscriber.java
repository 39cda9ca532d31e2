package io.quanyu.outbox;

import java.util.Set;

/**
 * Receives domain events: at least once, in order per event key, one event at a time per key. It must be
 * idempotent by {@link DomainEvent#id()}. Throwing means "try again": the event is retried with backoff, and after
 * the last attempt it goes to the dead-letter list (an operator reads and replays it) and the next event follows.
 */
public interface Subscriber {

    /** Stable name: the delivery position and dead letters are kept under it. */
    String name();

    /** The event types it wants; empty for all. */
    default Set<String> types() {
        return Set.of();
    }

    void handle(DomainEvent event) throws Exception;
}
