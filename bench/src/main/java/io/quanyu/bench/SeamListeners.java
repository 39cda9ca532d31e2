package io.quanyu.bench;

import io.quanyu.outbox.DomainEvent;
import io.quanyu.outbox.Subscriber;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** Event-seam subscribers that benchmarks time paths with. */
final class SeamListeners {

    private SeamListeners() {
    }

    /** A subscriber to one event type that hands each event to {@code seen}. */
    static Subscriber listener(String name, String type, Consumer<DomainEvent> seen) {
        return new Subscriber() {
            public String name() {
                return name;
            }

            public Set<String> types() {
                return Set.of(type);
            }

            public void handle(DomainEvent event) {
                seen.accept(event);
            }
        };
    }

    /**
     * The seam's first hop: records in {@code at} the {@code System.nanoTime()} at which each customer event's
     * {@code EventsApplied} first reaches a subscriber, by event id.
     */
    static Subscriber applied(String name, Map<String, Long> at) {
        return listener(name, DomainEvent.EVENTS_APPLIED, e -> {
            long now = System.nanoTime();
            if (e.data().get("events") instanceof List<?> ids) {
                ids.forEach(id -> at.putIfAbsent(String.valueOf(id), now));
            }
        });
    }
}
