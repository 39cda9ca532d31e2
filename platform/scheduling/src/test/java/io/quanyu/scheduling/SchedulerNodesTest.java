package io.quanyu.scheduling;

import io.quanyu.testfixtures.MutableClock;
import io.quanyu.core.tenant.TenantId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Several nodes on one store, and tenants sharing one node. */
class SchedulerNodesTest {
    private Nodes nodes;

    @BeforeEach
    void store() {
        nodes = new Nodes();
    }

    @AfterEach
    void stop() {
        nodes.close();
    }

    @Test
    void twoLiveNodesNeverBothFireATimer() {
        Map<String, AtomicInteger> callsPerTimer = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> callsPerNode = new ConcurrentHashMap<>();
        DefaultScheduler first = nodes.node("node-1");
        DefaultScheduler second = nodes.node("node-2");
        for (DefaultScheduler node : List.of(first, second)) {
            String name = node == first ? "node-1" : "node-2";
            node.register("count", timer -> {
                callsPerTimer.computeIfAbsent(timer.key(), k -> new AtomicInteger()).incrementAndGet();
                callsPerNode.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
            });
            node.start();
        }
        List<TimerRequest> requests = new ArrayList<>();
        Instant due = Instant.now().plusMillis(300);
        for (int i = 0; i < 3_000; i++) {
            requests.add(TimerRequest.of(TenantId.of("acme"), "count", "t-" + i, due.plusMillis(i % 500)));
        }
        first.scheduleAll(requests);

        await().atMost(Duration.ofSeconds(60)).until(() -> callsPerTimer.size() == 3_000);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> callsPerTimer.values().stream().allMatch(c -> c.get() == 1));
        assertThat(callsPerNode.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(3_000);
    }

    @Test
    void aRecurringJobRunsOncePerPeriodAcrossTwoNodes() {
        List<String> occurrences = new CopyOnWriteArrayList<>();
        for (String name : List.of("node-1", "node-2")) {
            DefaultScheduler node = nodes.node(name);
            node.every("rollup", Duration.ofMillis(400), timer -> occurrences.add(timer.key()));
            node.start();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> occurrences.size() >= 6);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> occurrences.stream().distinct().count() == occurrences.size());
        List<Instant> times = occurrences.stream().map(Instant::parse).sorted().toList();
        for (int i = 1; i < times.size(); i++) {
            assertThat(Duration.between(times.get(i - 1), times.get(i))).isEqualTo(Duration.ofMillis(400));
        }
        assertThat(times).allSatisfy(t -> assertThat(t.toEpochMilli() % 400).isZero());
    }

    @Test
    void oneTenantsBacklogDelaysAnotherTenantsTimerByAboutAChunkOnly() {
        MutableClock clock = new MutableClock(Instant.now());
        DefaultScheduler node = nodes.node(clock, Nodes.fast("node-1").withConcurrency(1, 4));
        List<String> order = new CopyOnWriteArrayList<>();
        node.register("send", timer -> order.add(timer.tenant().value()));
        List<TimerRequest> backlog = new ArrayList<>();
        for (int i = 0; i < 4_000; i++) {
            backlog.add(TimerRequest.of(TenantId.of("bigco"), "send", "b-" + i, clock.instant().minusSeconds(5)));
        }
        node.scheduleAll(backlog);
        node.schedule(TimerRequest.of(TenantId.of("smallco"), "send", "s-1", clock.instant().plusMillis(300)));
        clock.advance(Duration.ofSeconds(1));
        node.start();

        await().atMost(Duration.ofSeconds(60)).until(() -> order.size() == 4_001);
        int position = order.indexOf("smallco");
        assertThat(position).as("smallco's timer fired after %d of bigco's", position).isLessThanOrEqualTo(200);
    }
}
