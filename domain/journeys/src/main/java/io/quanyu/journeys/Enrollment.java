package io.quanyu.journeys;

import org.jspecify.annotations.Nullable;

import java.time.Instant;

/**
 * A customer in a journey: one document per journey and customer, its current run ({@code run}, one more per
 * entry) on one published version. {@code seq} counts its changes: every change is a write conditional on the seq it
 * read, so events, timers and runs never undo one another (one writer at a time per enrollment).
 *
 * @param state   {@code active} (moving from node to node), {@code waiting} (resting at a wait until {@code dueAt})
 *                or {@code done}
 * @param outcome when done: {@code completed} (reached an end), {@code exited} (an exit rule), {@code converted}
 *                (the goal) or {@code stopped} (the journey was stopped)
 * @param holdout whether this run is in the tenant's global holdout: it walks the journey and takes no action
 */
public record Enrollment(String journey, String customer, long run, long version, String node, String state, long seq,
                         @Nullable Instant dueAt, Instant enteredAt, @Nullable String outcome, @Nullable String reason,
                         @Nullable Instant endedAt, boolean holdout) {
    public static final String ACTIVE = "active";
    public static final String WAITING = "waiting";
    public static final String DONE = "done";

    public String id() {
        return Enrollments.id(journey, customer);
    }

    /** The enrollment as a write conditional on its seq left it. */
    Enrollment moved(String node, String state, @Nullable Instant due) {
        return new Enrollment(journey, customer, run, version, node, state, seq + 1, due, enteredAt, outcome, reason, endedAt,
                holdout);
    }

    /** The enrollment as a conditional write that ended its run left it. */
    Enrollment ended(String at, String how, @Nullable String why, Instant when) {
        return new Enrollment(journey, customer, run, version, at, DONE, seq + 1, null, enteredAt, how, why, when, holdout);
    }

    /** The key of the step log entry of a node in this run (and the idempotency key of its side effect). */
    String step(String node) {
        return journey + "|" + customer + "|" + run + "|" + node;
    }
}
