package io.quanyu.scheduling;

import io.quanyu.core.tenant.TenantId;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recurring jobs as chains of timers (one mechanism): occurrence k of job {@code name} is the timer (platform,
 * {@code job.<name>}, the occurrence's instant) due at k × period since the epoch. When it fires it first schedules the
 * next occurrence, then runs the job; every node schedules the next occurrence when it starts, and the idempotent
 * schedule keeps that to one timer per occurrence whatever the number of nodes.
 */
final class Jobs {
    private final Timers timers;
    private final Map<String, TimerHandler> handlers;
    private final Clock clock;
    private final Map<String, Duration> periods = new ConcurrentHashMap<>();

    Jobs(Timers timers, Map<String, TimerHandler> handlers, Clock clock) {
        this.timers = timers;
        this.handlers = handlers;
        this.clock = clock;
    }

    void every(String name, Duration period, TimerHandler handler) {
        String kind = TimerRequests.JOB_PREFIX + name;
        TimerRequests.requireKind(kind, true);
        if (period == null || period.toMillis() < 1) {
            throw new IllegalArgumentException("a job's period is at least one millisecond");
        }
        periods.put(kind, period);
        handlers.put(kind, fired -> {
            scheduleAfter(kind, period, fired.due().isAfter(clock.instant()) ? fired.due() : clock.instant());
            handler.fire(fired);
        });
    }

    /** Makes sure every job's next occurrence is scheduled. */
    void ensureAll() {
        periods.forEach((kind, period) -> scheduleAfter(kind, period, clock.instant()));
    }

    private void scheduleAfter(String kind, Duration period, Instant after) {
        long millis = period.toMillis();
        Instant next = Instant.ofEpochMilli((Math.floorDiv(after.toEpochMilli(), millis) + 1) * millis);
        timers.scheduleAll(List.of(TimerRequest.of(TenantId.PLATFORM, kind, next.toString(), next)), true);
    }
}
