package io.quanyu.plugin.sdk.event;

import io.quanyu.plugin.sdk.PublicApi;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A bounded read of one customer's events, newest first, one page at a time ({@link io.quanyu.plugin.sdk.Events#query}):
 * for a referral plugin asking whether a referred customer ordered, a points plugin looking back over a month.
 *
 * @param customerId the customer; a customer merged into another is followed to the survivor, whose timeline holds
 *                   the events of both
 * @param types      the event types to read, empty for every type
 * @param channels   the channels to read, empty for every channel
 * @param since      the earliest event time, inclusive, or {@code null}
 * @param until      the latest event time, exclusive, or {@code null}
 * @param first      how many events a page holds, 1 to {@value #MAX_PAGE}
 * @param after      the {@link EventPage#nextCursor()} of the page before, or {@code null} for the first page
 * @since 1.1
 */
@PublicApi
public record EventQuery(String customerId, List<String> types, List<String> channels, @Nullable Instant since,
                         @Nullable Instant until, int first, @Nullable String after) {
    /** The most events one page holds. */
    public static final int MAX_PAGE = 200;

    public EventQuery {
        Objects.requireNonNull(customerId, "customerId");
        types = List.copyOf(types);
        channels = List.copyOf(channels);
        if (first < 1 || first > MAX_PAGE) {
            throw new IllegalArgumentException("first must be 1 to " + MAX_PAGE + ", not " + first);
        }
    }

    /** The customer's events of every type and channel, 50 to a page. */
    public static EventQuery of(String customerId) {
        return new EventQuery(customerId, List.of(), List.of(), null, null, 50, null);
    }

    /** The same query for these event types only. */
    public EventQuery types(String... eventTypes) {
        return new EventQuery(customerId, List.of(eventTypes), channels, since, until, first, after);
    }

    /** The same query for these channels only. */
    public EventQuery channels(String... eventChannels) {
        return new EventQuery(customerId, types, List.of(eventChannels), since, until, first, after);
    }

    /** The same query for events from {@code from} (inclusive) to {@code to} (exclusive); either may be null. */
    public EventQuery between(@Nullable Instant from, @Nullable Instant to) {
        return new EventQuery(customerId, types, channels, from, to, first, after);
    }

    /** The same query with {@code size} events to a page. */
    public EventQuery first(int size) {
        return new EventQuery(customerId, types, channels, since, until, size, after);
    }

    /** The same query for the page after the one whose {@link EventPage#nextCursor()} is {@code cursor}. */
    public EventQuery after(@Nullable String cursor) {
        return new EventQuery(customerId, types, channels, since, until, first, cursor);
    }
}
