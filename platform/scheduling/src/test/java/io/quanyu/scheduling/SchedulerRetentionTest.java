package io.quanyu.scheduling;

import io.quanyu.testfixtures.MutableClock;
import io.quanyu.core.tenant.TenantId;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The scheduler forgets fired timers after the retention period and keeps everything it still needs. */
class SchedulerRetentionTest {
    private static final TenantId ACME = TenantId.of("acme");
    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final Queue<FiredTimer> fired = new ConcurrentLinkedQueue<>();
    private Nodes nodes;
    private DefaultScheduler scheduler;

    @BeforeEach
    void startNode() {
        nodes = new Nodes();
        scheduler = nodes.node(clock, Nodes.fast("node-1").withBucket(Duration.ofSeconds(1))
                .withRetention(Duration.ofSeconds(10)));
        scheduler.register("reminder", fired::add);
        scheduler.start();
    }

    @AfterEach
    void stop() {
        nodes.close();
    }

    @Test
    void firedTimersAreForgottenAfterTheRetentionPeriodAndPendingOnesAreKept() {
        scheduler.schedule(TimerRequest.of(ACME, "reminder", "old", clock.instant()));
        scheduler.schedule(TimerRequest.of(ACME, "reminder", "later", clock.instant().plus(Duration.ofHours(1))));
        clock.advance(Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(10)).until(() -> fired.size() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                scheduler.find(ACME, "reminder", "old").orElseThrow().state() == Timer.State.FIRED);
        assertThat(scheduler.schedule(TimerRequest.of(ACME, "reminder", "old", clock.instant())).created()).isFalse();

        clock.advance(Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(20)).until(() -> scheduler.find(ACME, "reminder", "old").isEmpty());
        await().atMost(Duration.ofSeconds(20)).until(() -> count("sched_leases") == 0);
        assertThat(scheduler.find(ACME, "reminder", "later")).map(Timer::state).contains(Timer.State.PENDING);
        assertThat(nodes.database().getCollection("sched_chunks").find().map(d -> d.getString("_id")))
                .containsExactly(pointerChunk("later"));
        assertThat(scheduler.schedule(TimerRequest.of(ACME, "reminder", "old", clock.instant())).created()).isTrue();
    }

    private long count(String collection) {
        return nodes.database().getCollection(collection).countDocuments();
    }

    private String pointerChunk(String key) {
        Document pointer = nodes.database().getCollection("sched_timers")
                .find(new Document("_id", Store.timerId("acme", "reminder", key))).first();
        return pointer.getString("chunk");
    }
}
