package io.quanyu.scheduling;

import io.quanyu.core.tenant.TenantId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SchedulerRetryTest {
    private static final TenantId ACME = TenantId.of("acme");
    private Nodes nodes;
    private DefaultScheduler scheduler;
    private final Queue<FiredTimer> calls = new ConcurrentLinkedQueue<>();
    private final Queue<Instant> callTimes = new ConcurrentLinkedQueue<>();

    @BeforeEach
    void startNode() {
        nodes = new Nodes();
        scheduler = nodes.node("node-1");
    }

    @AfterEach
    void stop() {
        nodes.close();
    }

    @Test
    void aFailingHandlerIsCalledAgainWithBackoffAndTheSameIdempotencyKeyUntilItSucceeds() {
        scheduler.register("flaky", timer -> {
            calls.add(timer);
            callTimes.add(Instant.now());
            if (timer.attempt() < 3) {
                throw new IllegalStateException("not yet");
            }
        });
        scheduler.start();
        scheduler.schedule(new TimerRequest(ACME, "flaky", "f-1", Instant.now(), Map.of("n", 7)));

        // CI once saw the state fired while the calls held attempts 1 and 2 only: wait for the third call as well
        await().atMost(Duration.ofSeconds(15)).until(() -> calls.size() >= 3
                && scheduler.find(ACME, "flaky", "f-1").map(t -> t.state() == Timer.State.FIRED).orElse(false));
        assertThat(calls).extracting(FiredTimer::attempt).containsExactly(1, 2, 3);
        assertThat(calls).extracting(FiredTimer::idempotencyKey).containsOnly(calls.peek().idempotencyKey());
        assertThat(calls).allSatisfy(c -> assertThat(c.payload()).containsEntry("n", 7));
        List<Instant> times = List.copyOf(callTimes);
        assertThat(Duration.between(times.get(0), times.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        assertThat(Duration.between(times.get(1), times.get(2))).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(scheduler.find(ACME, "flaky", "f-1").orElseThrow().attempt()).isEqualTo(3);
    }

    @Test
    void aTimerIsDeadAfterItsLastAttemptUntilAnOperatorRetriesIt() {
        AtomicBoolean healthy = new AtomicBoolean();
        scheduler.register("webhook", timer -> {
            calls.add(timer);
            if (!healthy.get()) {
                throw new IllegalStateException("receiver down");
            }
        });
        scheduler.start();
        scheduler.schedule(new TimerRequest(ACME, "webhook", "w-1", Instant.now(), Map.of("url", "https://example.test/hook")));

        await().atMost(Duration.ofSeconds(15)).until(() -> !scheduler.deadTimers(ACME, 10).isEmpty());
        DeadTimer dead = scheduler.deadTimers(ACME, 10).getFirst();
        assertThat(dead.key()).isEqualTo("w-1");
        assertThat(dead.attempts()).isEqualTo(3);
        assertThat(dead.lastError()).contains("receiver down");
        assertThat(dead.payload()).containsEntry("url", "https://example.test/hook");
        assertThat(scheduler.find(ACME, "webhook", "w-1").orElseThrow().state()).isEqualTo(Timer.State.DEAD);
        assertThat(scheduler.deadTimers(TenantId.of("globex"), 10)).isEmpty();
        assertThat(calls).hasSize(3);

        healthy.set(true);
        assertThat(scheduler.retry(ACME, "webhook", "w-1")).isTrue();
        assertThat(scheduler.retry(ACME, "webhook", "w-1")).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                scheduler.find(ACME, "webhook", "w-1").orElseThrow().state() == Timer.State.FIRED);
        assertThat(calls).hasSize(4);
        assertThat(calls).last().satisfies(c -> assertThat(c.attempt()).isEqualTo(1));
        assertThat(calls).extracting(FiredTimer::idempotencyKey).containsOnly(calls.peek().idempotencyKey());
        assertThat(scheduler.deadTimers(ACME, 10)).isEmpty();
    }

    @Test
    void aTimerOfAKindNoNodeHandlesWaitsForItsHandler() {
        scheduler.start();
        scheduler.schedule(TimerRequest.of(ACME, "late.kind", "l-1", Instant.now()));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                scheduler.find(ACME, "late.kind", "l-1").orElseThrow().attempt() == 2);

        scheduler.register("late.kind", calls::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.size() == 1);
        assertThat(calls.peek().attempt()).isBetween(2, 3);
    }
}
