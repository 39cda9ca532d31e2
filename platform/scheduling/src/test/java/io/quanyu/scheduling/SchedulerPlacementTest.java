package io.quanyu.scheduling;

import io.quanyu.testfixtures.MutableClock;
import com.mongodb.client.model.Updates;
import io.quanyu.core.tenant.TenantId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static com.mongodb.client.model.Filters.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Timers placed where a node has already passed (the watermark race) still fire, once. */
class SchedulerPlacementTest {
    private static final TenantId ACME = TenantId.of("acme");
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private Nodes nodes;
    private DefaultScheduler node;

    @BeforeEach
    void startNode() {
        nodes = new Nodes();
        node = nodes.node("node-1");
        node.register("reminder", timer -> calls.computeIfAbsent(timer.key(), k -> new AtomicInteger()).incrementAndGet());
        node.start();
    }

    @AfterEach
    void stop() {
        nodes.close();
    }

    @Test
    void aTimerScheduledIntoABucketAlreadySealedGoesToALaterOneAndFires() {
        await().atMost(Duration.ofSeconds(10)).until(() -> watermark() > origin() + 20);
        MutableClock behind = new MutableClock(Instant.now().minusSeconds(1));
        DefaultScheduler lagging = nodes.node(behind, Nodes.fast("lagging"));
        await().atMost(Duration.ofSeconds(10)).until(() -> sealed(bucketOf(behind.instant().plusMillis(100))));

        lagging.schedule(TimerRequest.of(ACME, "reminder", "late", behind.instant()));

        await().atMost(Duration.ofSeconds(10)).until(() -> calls.containsKey("late"));
        assertThat(calls.get("late")).hasValue(1);
    }

    @Test
    void anEntryWrittenAfterItsChunkWasSealedIsPlacedAgainAndFiresOnce() {
        Store store = Store.open(nodes.database(), Instant.now(), Nodes.fast("test"));
        Placement placement = new Placement(store, Clock.systemUTC());
        NewEntry entry = new NewEntry("acme", "reminder", "raced", TimerRequests.incarnation(), Instant.now(), 1, 0, null, false);
        List<Placement.Location> at = placement.allocate(List.of(entry));
        store.timers.insertOne(placement.pointer(entry, at.getFirst()));
        store.chunks.updateOne(eq("_id", at.getFirst().chunk()), Updates.set("sealed", true),
                new com.mongodb.client.model.UpdateOptions().upsert(true));

        assertThat(placement.write(List.of(entry), at)).containsExactly(0);
        placement.relocate(List.of(entry));

        await().atMost(Duration.ofSeconds(10)).until(() -> calls.containsKey("raced"));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> calls.get("raced").get() == 1);
        assertThat(node.find(ACME, "reminder", "raced")).map(Timer::state).contains(Timer.State.FIRED);
    }

    private long bucketOf(Instant time) {
        return Math.floorDiv(time.toEpochMilli(), Nodes.fast("x").bucket().toMillis());
    }

    private long watermark() {
        return nodes.database().getCollection("sched_state").find().first().getLong("wm");
    }

    private long origin() {
        return nodes.database().getCollection("sched_state").find().first().getLong("origin");
    }

    private boolean sealed(long bucket) {
        var doc = nodes.database().getCollection("sched_buckets").find(eq("_id", bucket)).first();
        return doc != null && doc.getBoolean("sealed", false);
    }
}
