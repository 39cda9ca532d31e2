package io.quanyu.plugin.sdk;

import io.quanyu.plugin.sdk.event.EventPage;
import io.quanyu.plugin.sdk.event.EventQuery;

import java.util.List;

/**
 * Puts behaviour events into the tenant's customer 360 (timelines, aggregates, segments and journeys) and reads a
 * customer's back, a page at a time.
 */
@PublicApi
public interface Events {
    /** The most events {@link #trackAll} takes at once. */
    int MAX_BATCH = 1000;

    /**
     * Stores the event durably before returning and answers the customer it belongs to: the profile its identities
     * name, created when none does. Tracking the same event id again changes nothing and answers
     * {@code duplicate = true}.
     *
     * @throws PluginException with code {@code EVENT_INVALID} when the event is refused: an unknown identity type, a
     *                         scoped type without a scope, a value that cannot be normalised, no identity, a bad
     *                         type name, or properties that do not match the event type's JSON Schema;
     *                         {@code EVENT_TIME_IN_FUTURE} when the event is dated more than 5 minutes ahead of the
     *                         platform's clock (an event dated in the past, however late, is taken by its own time)
     * @since 1.1
     */
    default Tracked track(Event event) {
        Tracked tracked = trackAll(List.of(event)).getFirst();
        if (tracked.refused() != null) {
            throw new PluginException(tracked.refused().code(), tracked.refused().message());
        }
        return tracked;
    }

    /**
     * Tracks up to {@value #MAX_BATCH} events in order, each on its own: a refused event is answered with its
     * reasons in {@link Tracked#refused()} and does not stop the others.
     *
     * @throws PluginException with code {@code EVENT_BATCH_TOO_LARGE} for more than {@value #MAX_BATCH} events
     * @since 1.1
     */
    List<Tracked> trackAll(List<Event> events);

    /**
     * One page of a customer's events, newest first: those of the query's types, channels and time range, the
     * customer followed to the survivor when it was merged into another. A plugin reads what its caller may read.
     *
     * @throws PluginException with code {@code CUSTOMER_NOT_FOUND} for a customer the tenant does not have, or
     *                         {@code REQUEST_VALIDATION_FAILED} for a cursor that is not one
     * @since 1.1
     */
    EventPage query(EventQuery query);

    /**
     * {@link #track} without the answer.
     *
     * @throws PluginException with code {@code EVENT_INVALID} or {@code EVENT_TIME_IN_FUTURE} when the event is refused
     */
    default void emit(Event event) {
        track(event);
    }
}
