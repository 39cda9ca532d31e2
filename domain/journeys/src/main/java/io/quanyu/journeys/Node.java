package io.quanyu.journeys;

import io.quanyu.conditions.Condition;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.List;

/**
 * A step of a journey's graph. Actions and decisions run at once and go on to their next node; waits rest the
 * enrollment until a timer (and, for {@link WaitForEvent}, an event) moves it on; {@link End} finishes it.
 */
public sealed interface Node {
    /** The node's name in the journey ({@code [a-zA-Z][a-zA-Z0-9_-]{0,63}}). */
    String id();

    /** The nodes this one can lead to, in the order of its paths (a path not written yet, in a draft, is left out). */
    List<String> next();

    /** The targets given, without the missing ones. */
    private static List<String> links(@Nullable String... targets) {
        return java.util.Arrays.stream(targets).filter(java.util.Objects::nonNull).toList();
    }

    /** Rests for a duration, then goes on. */
    record Wait(String id, Duration duration, String then) implements Node {
        public List<String> next() {
            return links(then);
        }
    }

    /**
     * Rests until an event of the type (passing {@code where}, over {@code {"properties": ..., "channel": ...}})
     * dated no later than the timeout, then takes {@code onEvent}; at the timeout, {@code onTimeout}. An event that
     * arrives after the timeout was taken is ignored.
     */
    record WaitForEvent(String id, String event, @Nullable Condition where, Duration timeout, String onEvent,
                        String onTimeout) implements Node {
        public List<String> next() {
            return links(onEvent, onTimeout);
        }
    }

    /** Goes to {@code yes} when the customer's facts (as a segment rule reads them) match the rule, else {@code no}. */
    record Branch(String id, Condition rule, String yes, String no) implements Node {
        public List<String> next() {
            return links(yes, no);
        }
    }

    /**
     * Sends each customer down one arm, chosen by a hash of the tenant, journey, node and customer: the same arm on
     * every entry. Percentages add up to 100. A holdout arm's path takes no action (it measures doing nothing). With an
     * {@code experiment}, once an arm converts (reaches the journey's goal) significantly better than the others, every
     * new customer outside the holdout goes down it.
     */
    record Split(String id, List<Arm> arms, @Nullable Experiment experiment, @Nullable String overflow) implements Node {
        public List<String> next() {
            return arms.stream().map(Arm::then).filter(java.util.Objects::nonNull).toList();
        }

        public Split(String id, List<Arm> arms, @Nullable Experiment experiment) {
            this(id, arms, experiment, null);
        }

        /** The arm named so, if there is one. */
        java.util.Optional<Arm> arm(@Nullable String name) {
            return arms.stream().filter(a -> a.name().equals(name)).findFirst();
        }
    }

    /**
     * An arm of a split; with a {@code cap} (more than 0), at most that many customers take it (each counted once,
     * however often they enter), and those it would have taken after that take the split's {@code overflow} arm.
     */
    record Arm(String name, int percent, String then, boolean holdout, int cap) {
        public Arm(String name, int percent, String then, boolean holdout) {
            this(name, percent, then, holdout, 0);
        }
    }

    /**
     * An A/B test on a split: the winner is the arm with the best conversion once it and the runner-up have each been
     * taken by at least {@code minPerArm} customers and a one-sided two-proportion z-test puts the runner-up's chance of
     * being as good below {@code 1 - confidence}. Decided once, then kept.
     */
    record Experiment(int minPerArm, double confidence) {
    }

    /** Adds and removes tags on the customer (source {@code journey:<key>}). */
    record Tag(String id, List<String> add, List<String> remove, String then) implements Node {
        public List<String> next() {
            return links(then);
        }
    }

    /** Sends a template through the delivery service (consent, quiet hours, caps, windows and fallback are its). */
    record Send(String id, String template, List<String> channels, String purpose, String then) implements Node {
        public List<String> next() {
            return links(then);
        }
    }

    /**
     * Sets fields of the customer's record (a JSON merge patch: a null removes the value), as its publisher may; the
     * record's own checks apply when it runs, and what they refuse is recorded on the step.
     */
    record Update(String id, tools.jackson.databind.node.ObjectNode fields, String then) implements Node {
        public List<String> next() {
            return links(then);
        }
    }

    /**
     * Runs an action a plugin contributes ({@code plugin}'s {@code action}, with parameters valid against its schema),
     * keyed by the step so that every attempt and a repeat after a crash is the same execution; goes on to
     * {@code then} when it is done, and to {@code onFailure} (else {@code then}) when it failed for good. An action
     * that asks to be tried again later rests the customer at this step until then, at most
     * {@link #MAX_ATTEMPTS} times.
     */
    record Action(String id, String plugin, String action, tools.jackson.databind.node.ObjectNode parameters, String then,
                  @org.jspecify.annotations.Nullable String onFailure) implements Node {
        /** How many times an action step is tried before it counts as failed. */
        public static final int MAX_ATTEMPTS = 5;

        public List<String> next() {
            return links(then, onFailure);
        }
    }

    /**
     * Posts the step to a partner's URL ({@link JourneyWebhooks}: signed, keyed by the step, https, public addresses),
     * with {@code data} as written and the run's values; goes on to {@code then} on a 2xx answer, and to
     * {@code onFailure} (else {@code then}) when it failed for good. An answer that may succeed later (a 5xx, 429, a
     * partner that did not answer) rests the customer at this step until then, at most {@link Action#MAX_ATTEMPTS}
     * times.
     */
    record Webhook(String id, java.net.@org.jspecify.annotations.Nullable URI url, tools.jackson.databind.node.ObjectNode data,
                   String then, @org.jspecify.annotations.Nullable String onFailure) implements Node {
        public List<String> next() {
            return links(then, onFailure);
        }
    }

    /** Finishes the enrollment. */
    record End(String id) implements Node {
        public List<String> next() {
            return List.of();
        }
    }
}
