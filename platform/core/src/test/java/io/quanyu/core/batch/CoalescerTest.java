package io.quanyu.core.batch;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CoalescerTest {

    @Test
    void callsAtTheSameTimeAreOneBatchPerKeyAndEachCallerGetsItsOwnFailure() throws Exception {
        List<List<Integer>> batches = new CopyOnWriteArrayList<>();
        Coalescer<String, Integer> coalescer = new Coalescer<>(Duration.ofSeconds(2), 4, (key, items) -> {
            batches.add(items);
            return items.contains(3) ? Map.of(3, new IllegalStateException("three")) : Map.of();
        });
        Map<Integer, Throwable> outcomes = new ConcurrentHashMap<>();
        CountDownLatch ready = new CountDownLatch(4);
        List<Thread> callers = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            int item = i;
            callers.add(Thread.ofVirtual().start(() -> {
                ready.countDown();
                try {
                    coalescer.submit("tenant", item);
                    outcomes.put(item, new Throwable("ok"));
                } catch (Exception e) {
                    outcomes.put(item, e);
                }
            }));
        }
        for (Thread t : callers) {
            t.join(Duration.ofSeconds(5));
        }

        // four callers and a max of four: one batch, closed when full (well before the 2 s of gathering)
        assertThat(batches).hasSize(1);
        assertThat(batches.getFirst()).containsExactlyInAnyOrder(1, 2, 3, 4);
        assertThat(outcomes.get(3)).isInstanceOf(IllegalStateException.class).hasMessage("three");
        assertThat(List.of(outcomes.get(1), outcomes.get(2), outcomes.get(4))).allSatisfy(o -> assertThat(o).hasMessage("ok"));
    }

    @Test
    void aLoneCallRunsAfterTheGatheringTimeAndAWholeBatchFailureReachesEveryCaller() throws Exception {
        List<String> keys = new CopyOnWriteArrayList<>();
        Coalescer<String, Integer> coalescer = new Coalescer<>(Duration.ofMillis(20), 100, (key, items) -> {
            keys.add(key + items);
            if (key.equals("broken")) {
                throw new IllegalArgumentException("down");
            }
            return Map.of();
        });

        coalescer.submit("a", 1);
        coalescer.submit("b", 2);
        assertThatThrownBy(() -> coalescer.submit("broken", 3)).isInstanceOf(IllegalArgumentException.class).hasMessage("down");

        assertThat(keys).containsExactly("a[1]", "b[2]", "broken[3]");
        assertThatThrownBy(() -> new Coalescer<String, Integer>(Duration.ofMillis(1), 0, (k, i) -> Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
