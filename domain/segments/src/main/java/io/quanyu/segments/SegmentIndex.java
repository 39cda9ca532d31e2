package io.quanyu.segments;

import io.quanyu.core.tenant.TenantId;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * Segment memberships and their transitions in a search index, so a segment's size and its entry/exit history
 * answer in the same time at a million members as at ten (the membership collection answers them
 * by reading it whole on the embedded store). Kept by {@link SegmentIndexer} from the {@code SegmentEntered} /
 * {@code SegmentExited} events; what it answers trails them by the indexer's delay and the index's refresh (about a
 * second). A segment is told from an earlier one of the same key by its generation (its creation time).
 */
public interface SegmentIndex {

    /**
     * One transition: the membership's version after it (one more per entry or exit) and whether the customer is in
     * the segment after it.
     */
    record Transition(String segment, long generation, String customer, long version, boolean member, Instant at) {
    }

    /** Members entered and exited on one day of a zone. */
    record Day(LocalDate day, long entered, long exited) {
    }

    /**
     * Makes the tenant's index ready on first use: when it does not exist yet (a tenant whose memberships were made
     * before the index), creates it and fills it with the current memberships {@code current} hands over.
     */
    void prepare(TenantId tenant, java.util.function.Consumer<java.util.function.Consumer<Transition>> current);

    /**
     * Writes the transitions: each membership keeps the highest version written (a repeat or an older one changes
     * nothing) and each transition is recorded once for the history.
     */
    void apply(TenantId tenant, List<Transition> transitions);

    /** Forgets a deleted segment's memberships and history. */
    void forget(TenantId tenant, String segment);

    /** How many customers are in the segment. */
    long count(TenantId tenant, String segment, long generation);

    /** Members per segment of the given generations, by key (one request for all). */
    Map<String, Long> counts(TenantId tenant, Map<String, Long> generations);

    /** Entries and exits per day of {@code zone}, from {@code from} to {@code to} (both included), every day listed. */
    List<Day> history(TenantId tenant, String segment, long generation, ZoneId zone, LocalDate from, LocalDate to);
}
