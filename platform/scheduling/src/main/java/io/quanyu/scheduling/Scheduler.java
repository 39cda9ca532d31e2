package io.quanyu.scheduling;

import io.quanyu.core.tenant.TenantId;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The platform's one scheduling mechanism: durable one-off timers of every tenant and recurring jobs, fired by one
 * node of the cluster. A timer is identified by (tenant, kind, key); scheduling it again returns the existing timer.
 * A timer fires at least once after its due time; its handler makes the effect exactly-once with
 * {@link FiredTimer#idempotencyKey()}, which is the same on every call for that timer. A handler that throws is called
 * again later with exponential backoff; after the last attempt the timer is dead until an operator retries it.
 */
public interface Scheduler extends AutoCloseable {

    /**
     * Schedules a timer; durable when this returns. Idempotent on (tenant, kind, key): a repeat returns the existing
     * timer (with {@link Timer#created()} false) and never creates a second one. A call that failed or whose caller
     * crashed must be repeated; the repeat completes what the first one began.
     *
     * @throws io.quanyu.core.error.QuanyuException {@code REQUEST_VALIDATION_FAILED} listing every invalid field
     */
    Timer schedule(TimerRequest request);

    /** Schedules many timers at once (one allocation per due bucket and tenant); answers in request order. */
    List<Timer> scheduleAll(List<TimerRequest> requests);

    /**
     * Cancels a pending timer. True when the timer will not fire; false when there is no such timer or it is due and
     * already handed to a node (it may then still fire once). The key can be scheduled again afterwards.
     */
    boolean cancel(TenantId tenant, String kind, String key);

    /** The timer's current state, while the scheduler remembers it (until the retention period after it fired). */
    Optional<Timer> find(TenantId tenant, String kind, String key);

    /** Sets the handler of a kind on this node. Timers of a kind no node handles are retried with backoff. */
    void register(String kind, TimerHandler handler);

    /**
     * Runs {@code handler} once per period on one node of the cluster, at every multiple of {@code period} since the
     * epoch (UTC); occurrences missed while every node was down are skipped. A recurring job is a chain of timers of
     * the platform pseudo tenant, kind {@code job.<name>}, keyed by the occurrence, each scheduling the next.
     */
    void every(String name, Duration period, TimerHandler handler);

    /** Timers of the tenant that failed their last attempt, oldest first (an operator's view). */
    List<DeadTimer> deadTimers(TenantId tenant, int limit);

    /** Schedules a dead timer again, due now, with a fresh count of attempts; false when it is not dead. */
    boolean retry(TenantId tenant, String kind, String key);

    /** Starts firing due timers on this node. */
    void start();

    /** Stops taking work, lets the chunks in hand finish (up to one lease), then returns. */
    @Override
    void close();
}
