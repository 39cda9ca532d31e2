package io.quanyu.outbox;

import java.util.function.Predicate;

/**
 * How the event seam runs on a node.
 *
 * @param node           this node's name (lease holder)
 * @param partitions     partitions per tenant log; fixed for a tenant's lifetime
 * @param pollMillis     how often the node looks for work other nodes wrote (its own writes go at once)
 * @param sweepMillis    how often it relays events whose writer's signal was lost
 * @param staleMillis    how old an event must be for the sweep to take it
 * @param leaseMillis    how long a delivery lease lasts without progress
 * @param batch          events read per round trip
 * @param maxAttempts    attempts per event before it becomes a dead letter
 * @param retryMillis    pause after the first failure; doubled after each next one
 * @param gapGraceMillis how long a missing log number is waited for before it is passed over
 * @param retentionMillis how long the log keeps an event every subscriber has passed (a subscriber added later, or
 *                       run by another node only, finds what is younger)
 * @param sources        which collections of a tenant hold events (swept)
 */
public record SeamOptions(String node, int partitions, long pollMillis, long sweepMillis, long staleMillis,
                          long leaseMillis, int batch, int maxAttempts, long retryMillis, long gapGraceMillis,
                          long retentionMillis, Predicate<String> sources) {

    /** Defaults for a node: records ({@code r_*}), object definitions and customer profiles are the sources. */
    public static SeamOptions defaults(String node) {
        return new SeamOptions(node, 8, 1_000, 15_000, 5_000, 10_000, 200, 5, 100, 5_000, 3_600_000,
                name -> name.startsWith("r_") || name.equals("c360_profiles") || name.equals("meta_objects"));
    }

    public SeamOptions withTimings(long pollMillis, long sweepMillis, long staleMillis, long leaseMillis) {
        return new SeamOptions(node, partitions, pollMillis, sweepMillis, staleMillis, leaseMillis, batch, maxAttempts,
                retryMillis, gapGraceMillis, retentionMillis, sources);
    }

    /** These collections hold events too (a feature's store that writes domain events), besides the sources so far. */
    public SeamOptions alsoFrom(java.util.Collection<String> collections) {
        java.util.Set<String> more = java.util.Set.copyOf(collections);
        Predicate<String> before = sources;
        return new SeamOptions(node, partitions, pollMillis, sweepMillis, staleMillis, leaseMillis, batch, maxAttempts,
                retryMillis, gapGraceMillis, retentionMillis, name -> before.test(name) || more.contains(name));
    }

    public SeamOptions withRetention(long retentionMillis) {
        return new SeamOptions(node, partitions, pollMillis, sweepMillis, staleMillis, leaseMillis, batch, maxAttempts,
                retryMillis, gapGraceMillis, retentionMillis, sources);
    }

    public SeamOptions withRetries(int maxAttempts, long retryMillis) {
        return new SeamOptions(node, partitions, pollMillis, sweepMillis, staleMillis, leaseMillis, batch, maxAttempts,
                retryMillis, gapGraceMillis, retentionMillis, sources);
    }
}
