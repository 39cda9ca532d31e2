package io.quanyu.outbox;

import java.util.List;
import java.util.Set;

/**
 * Receives domain events: at least once, in order per event key, one event at a time per key. It must be
 * idempotent by {@link DomainEvent#id()}. Throwing means "try again": the event is retried with backoff, and after
 * the last attempt it goes to the dead-letter list (an operator reads and replays it) and the next event follows.
 * Throwing {@link Unavailable} means "not now": what it depends on is down, so the seam keeps the subscriber's
 * position and hands the same events over again at the next poll, without counting attempts.
 */
public interface Subscriber {

    /** Stable name: the delivery position and dead letters are kept under it. */
    String name();

    /** The event types it wants; empty for all. */
    default Set<String> types() {
        return Set.of();
    }

    void handle(DomainEvent event) throws Exception;

    /**
     * Receives a run of consecutive events of one partition, in log order (a subscriber that writes in bulk
     * overrides it; the default hands them to {@link #handle} one by one). When it throws anything but
     * {@link Unavailable}, the seam hands the run over again one event at a time, with retries and dead letters.
     */
    default void handleAll(List<DomainEvent> events) throws Exception {
        for (DomainEvent event : events) {
            handle(event);
        }
    }

    /** What a subscriber throws when what it writes to is unreachable: its position stays, nothing is dead-lettered. */
    final class Unavailable extends Exception {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }

        /**
         * Runs {@code work}, which writes to {@code what}; a failure to reach it (an I/O failure, or
         * {@code DEPENDENCY_UNAVAILABLE}) becomes {@link Unavailable}, anything else goes on as it was thrown.
         */
        public static void unlessDown(String what, Runnable work) throws Unavailable {
            try {
                work.run();
            } catch (java.io.UncheckedIOException e) {
                throw new Unavailable(what + " is unreachable", e);
            } catch (io.quanyu.core.error.QuanyuException e) {
                if (e.code() == io.quanyu.core.error.ErrorCode.DEPENDENCY_UNAVAILABLE) {
                    throw new Unavailable(what + " is unavailable", e);
                }
                throw e;
            }
        }
    }
}
