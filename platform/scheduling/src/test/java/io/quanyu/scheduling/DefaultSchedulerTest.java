package io.quanyu.scheduling;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.FieldViolation;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.TenantId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class DefaultSchedulerTest {
    private static final TenantId ACME = TenantId.of("acme");
    private Nodes nodes;
    private DefaultScheduler scheduler;
    private final Queue<FiredTimer> fired = new ConcurrentLinkedQueue<>();
    private final Map<String, Instant> firedAt = new ConcurrentHashMap<>();

    @BeforeEach
    void startNode() {
        nodes = new Nodes();
        // One node and no crash here, so a lease as long as production's: with the 2 s of the crash tests, a chunk whose
        // progress writes starve (CI runs this while Elasticsearch and Keycloak start on the same two cores) is claimed
        // again by this node and fires twice, which is the scheduler's at-least-once, not what these tests are about.
        scheduler = nodes.node(java.time.Clock.systemUTC(), Nodes.fast("node-1").withLease(Duration.ofSeconds(30)));
        scheduler.register("reminder", timer -> {
            firedAt.putIfAbsent(timer.key(), Instant.now());
            fired.add(timer);
        });
        scheduler.start();
    }

    @AfterEach
    void stop() {
        nodes.close();
    }

    @Test
    void firesATimerOnceAfterItIsDueWithItsPayload() {
        Instant due = Instant.now().plusMillis(300);
        Map<String, Object> payload = Map.of("customer", "c-1", "amount", new BigDecimal("12.50"), "tags", List.of("vip", 3L),
                "at", Instant.parse("2026-12-01T08:00:00Z"), "nested", Map.of("ok", true));
        Timer timer = scheduler.schedule(new TimerRequest(ACME, "reminder", "r-1", due, payload));

        assertThat(timer.created()).isTrue();
        assertThat(timer.state()).isEqualTo(Timer.State.PENDING);
        await().atMost(Duration.ofSeconds(10)).until(() -> fired.size() == 1);
        FiredTimer call = fired.peek();
        assertThat(call.tenant()).isEqualTo(ACME);
        assertThat(call.key()).isEqualTo("r-1");
        assertThat(call.attempt()).isEqualTo(1);
        assertThat(call.payload()).isEqualTo(payload);
        assertThat(call.idempotencyKey()).startsWith("acme|reminder|r-1|");
        assertThat(firedAt.get("r-1")).isAfterOrEqualTo(due);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                scheduler.find(ACME, "reminder", "r-1").orElseThrow().state() == Timer.State.FIRED);
        assertThat(fired).hasSize(1);
    }

    @Test
    void aRepeatedScheduleReturnsTheExistingTimerAndFiresItOnce() {
        Instant due = Instant.now().plusMillis(300);
        scheduler.schedule(new TimerRequest(ACME, "reminder", "same", due, Map.of("n", 1)));
        Timer again = scheduler.schedule(new TimerRequest(ACME, "reminder", "same", due.plusSeconds(60), Map.of("n", 2)));
        scheduler.schedule(TimerRequest.of(ACME, "reminder", "after", due.plusMillis(400)));

        assertThat(again.created()).isFalse();
        assertThat(again.due()).isEqualTo(due.truncatedTo(ChronoUnit.MILLIS));
        await().atMost(Duration.ofSeconds(10)).until(() -> firedAt.containsKey("after"));
        assertThat(fired).filteredOn(t -> t.key().equals("same")).singleElement()
                .satisfies(t -> assertThat(t.payload()).containsEntry("n", 1));
    }

    @Test
    void aTimerCancelledBeforeItIsDueNeverFiresAndItsKeyCanBeScheduledAgain() {
        Instant due = Instant.now().plusMillis(500);
        scheduler.schedule(TimerRequest.of(ACME, "reminder", "cancel-me", due));
        scheduler.schedule(TimerRequest.of(ACME, "reminder", "sentinel", due));

        assertThat(scheduler.cancel(ACME, "reminder", "cancel-me")).isTrue();
        assertThat(scheduler.cancel(ACME, "reminder", "cancel-me")).isFalse();
        assertThat(scheduler.find(ACME, "reminder", "cancel-me")).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> firedAt.containsKey("sentinel"));
        assertThat(firedAt).doesNotContainKey("cancel-me");

        Timer again = scheduler.schedule(TimerRequest.of(ACME, "reminder", "cancel-me", Instant.now()));
        assertThat(again.created()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> firedAt.containsKey("cancel-me"));
    }

    @Test
    void cancellingATimerThatAlreadyFiredAnswersFalse() {
        scheduler.schedule(TimerRequest.of(ACME, "reminder", "done", Instant.now()));
        await().atMost(Duration.ofSeconds(10)).until(() -> firedAt.containsKey("done"));
        await().atMost(Duration.ofSeconds(5)).until(() ->
                scheduler.find(ACME, "reminder", "done").orElseThrow().state() == Timer.State.FIRED);

        assertThat(scheduler.cancel(ACME, "reminder", "done")).isFalse();
        assertThat(scheduler.find(ACME, "reminder", "done")).isPresent();
    }

    @Test
    void aTimerDueLongAgoFiresAtOnce() {
        Instant scheduledAt = Instant.now();
        scheduler.schedule(TimerRequest.of(ACME, "reminder", "overdue", scheduledAt.minus(Duration.ofDays(3))));

        await().atMost(Duration.ofSeconds(10)).until(() -> firedAt.containsKey("overdue"));
        assertThat(Duration.between(scheduledAt, firedAt.get("overdue"))).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void manyTimersScheduledAtOnceFireOnceEach() {
        List<TimerRequest> requests = new ArrayList<>();
        Instant due = Instant.now().plusMillis(200);
        for (int i = 0; i < 2_000; i++) {
            requests.add(TimerRequest.of(i % 2 == 0 ? ACME : TenantId.of("globex"), "reminder", "bulk-" + i, due.plusMillis(i % 300)));
        }
        AtomicInteger created = new AtomicInteger();
        scheduler.scheduleAll(requests).forEach(t -> created.addAndGet(t.created() ? 1 : 0));

        assertThat(created).hasValue(2_000);
        await().atMost(Duration.ofSeconds(30)).until(() -> fired.size() >= 2_000);
        assertThat(fired.stream().map(t -> t.tenant() + "/" + t.key()).distinct().count()).isEqualTo(2_000);
        assertThat(fired).hasSize(2_000);
    }

    @Test
    void refusesInvalidRequestsListingEveryProblem() {
        TimerRequest bad = new TimerRequest(ACME, "Bad Kind", "", null, Map.of("x.y", 1, "thing", new Object()));

        assertThatThrownBy(() -> scheduler.schedule(bad)).isInstanceOfSatisfying(QuanyuException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.REQUEST_VALIDATION_FAILED);
            assertThat(e.violations()).extracting(FieldViolation::pointer)
                    .containsExactlyInAnyOrder("/kind", "/key", "/due", "/payload/x.y", "/payload/thing");
        });
        assertThatThrownBy(() -> scheduler.schedule(TimerRequest.of(ACME, "job.sneaky", "k", Instant.now())))
                .isInstanceOfSatisfying(QuanyuException.class, e ->
                        assertThat(e.violations()).extracting(FieldViolation::code).containsExactly("reserved"));
    }

    @Test
    void refusesAPayloadOverSixteenKibibytes() {
        TimerRequest big = new TimerRequest(ACME, "reminder", "big", Instant.now(), Map.of("text", "x".repeat(17_000)));

        assertThatThrownBy(() -> scheduler.schedule(big)).isInstanceOfSatisfying(QuanyuException.class, e ->
                assertThat(e.violations()).extracting(FieldViolation::pointer, FieldViolation::code)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("/payload", "size")));
        assertThat(scheduler.find(ACME, "reminder", "big")).isEmpty();
    }
}
