package io.quanyu.scheduling;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * How a {@link DefaultScheduler} node works. {@code bucket} and {@code chunkSize} shape the stored layout: the first
 * node to start on a store records them and every later node uses the recorded values.
 *
 * @param nodeId         names this node in leases and logs (unique per running node)
 * @param pollInterval   longest pause between two looks for due work (the node also wakes when a bucket ends)
 * @param lease          how long a claimed chunk stays with a node without renewal; a dead node's chunks are taken
 *                       over after at most two leases
 * @param bucket         timers are grouped by due time into buckets this long; a bucket fires once it has ended, so
 *                       a timer fires at most about one bucket plus one poll after its due time on an idle node
 * @param chunkSize      timers per chunk document (the unit a node claims)
 * @param chunksInFlight chunks a node fires at once
 * @param workers        handler calls a node runs at once
 * @param progressBatch  fired timers recorded per progress write
 * @param retryBase      delay before the second attempt; doubled for each further one
 * @param retryMax       longest delay between attempts
 * @param maxAttempts    attempts before a timer is dead
 * @param retention      how long fired timers are remembered (repeat schedules answered, {@code find} answers)
 */
public record SchedulerOptions(String nodeId, Duration pollInterval, Duration lease, Duration bucket, int chunkSize,
                               int chunksInFlight, int workers, int progressBatch, Duration retryBase,
                               Duration retryMax, int maxAttempts, Duration retention) {

    public SchedulerOptions {
        Objects.requireNonNull(nodeId, "nodeId");
        requirePositive(pollInterval, "pollInterval");
        requirePositive(lease, "lease");
        requirePositive(bucket, "bucket");
        requirePositive(retryBase, "retryBase");
        requirePositive(retryMax, "retryMax");
        requirePositive(retention, "retention");
        if (chunkSize < 1 || chunksInFlight < 1 || workers < 1 || progressBatch < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("chunkSize, chunksInFlight, workers, progressBatch and maxAttempts must be positive");
        }
    }

    /** One second buckets of 200 timers, 4 chunks and 16 handler calls at once, 10 attempts from 5 s to 1 h apart. */
    public static SchedulerOptions defaults() {
        return new SchedulerOptions("node-" + UUID.randomUUID().toString().substring(0, 8), Duration.ofMillis(250),
                Duration.ofSeconds(30), Duration.ofSeconds(1), 200, 4, 16, 50, Duration.ofSeconds(5),
                Duration.ofHours(1), 10, Duration.ofDays(1));
    }

    public SchedulerOptions withNodeId(String value) {
        return new SchedulerOptions(value, pollInterval, lease, bucket, chunkSize, chunksInFlight, workers,
                progressBatch, retryBase, retryMax, maxAttempts, retention);
    }

    public SchedulerOptions withPollInterval(Duration value) {
        return new SchedulerOptions(nodeId, value, lease, bucket, chunkSize, chunksInFlight, workers, progressBatch,
                retryBase, retryMax, maxAttempts, retention);
    }

    public SchedulerOptions withLease(Duration value) {
        return new SchedulerOptions(nodeId, pollInterval, value, bucket, chunkSize, chunksInFlight, workers,
                progressBatch, retryBase, retryMax, maxAttempts, retention);
    }

    public SchedulerOptions withBucket(Duration value) {
        return new SchedulerOptions(nodeId, pollInterval, lease, value, chunkSize, chunksInFlight, workers,
                progressBatch, retryBase, retryMax, maxAttempts, retention);
    }

    public SchedulerOptions withChunkSize(int value) {
        return new SchedulerOptions(nodeId, pollInterval, lease, bucket, value, chunksInFlight, workers,
                progressBatch, retryBase, retryMax, maxAttempts, retention);
    }

    public SchedulerOptions withConcurrency(int chunks, int handlerCalls) {
        return new SchedulerOptions(nodeId, pollInterval, lease, bucket, chunkSize, chunks, handlerCalls,
                progressBatch, retryBase, retryMax, maxAttempts, retention);
    }

    public SchedulerOptions withProgressBatch(int value) {
        return new SchedulerOptions(nodeId, pollInterval, lease, bucket, chunkSize, chunksInFlight, workers, value,
                retryBase, retryMax, maxAttempts, retention);
    }

    public SchedulerOptions withRetry(Duration base, Duration max, int attempts) {
        return new SchedulerOptions(nodeId, pollInterval, lease, bucket, chunkSize, chunksInFlight, workers,
                progressBatch, base, max, attempts, retention);
    }

    public SchedulerOptions withRetention(Duration value) {
        return new SchedulerOptions(nodeId, pollInterval, lease, bucket, chunkSize, chunksInFlight, workers,
                progressBatch, retryBase, retryMax, maxAttempts, value);
    }

    /** The delay before attempt {@code next} (2 or more): retryBase doubled per earlier retry, at most retryMax. */
    Duration backoff(int next) {
        int doublings = Math.min(next - 2, 30);
        long millis = retryBase.toMillis() << Math.max(doublings, 0);
        return Duration.ofMillis(Math.min(millis, retryMax.toMillis()));
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration");
        }
    }
}
