package io.quanyu.conditions;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import static io.quanyu.conditions.Rules.FACTS;
import static io.quanyu.conditions.Rules.NOW;
import static org.assertj.core.api.Assertions.assertThat;

/** matches() is the path segments and journeys take for every profile: it must not build explanations. */
class FastPathTest {
    private static final int RUNS = 20_000;

    @Test
    void matchingATwentyLeafRuleAllocatesNoSentences() {
        Condition rule = twentyLeaves();
        assertThat(rule.matches(FACTS, NOW)).isTrue();

        long matching = bytesPerRun(() -> rule.matches(FACTS, NOW));
        long explaining = bytesPerRun(() -> rule.explain(FACTS, NOW));

        assertThat(matching).as("bytes per matches()").isLessThan(100);
        assertThat(explaining).as("bytes per explain()").isGreaterThan(20 * 100);
    }

    private static Condition twentyLeaves() {
        List<String> leaves = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            leaves.add("{'field': 'attributes.city', 'op': 'in', 'value': ['北京', '上海']}");
            leaves.add("{'field': 'aggregates.orders.count', 'op': 'gte', 'value': " + (i % 4) + "}");
            leaves.add("{'field': 'tags', 'op': 'contains', 'value': 'vip'}");
            leaves.add("{'field': 'attributes.vip', 'op': 'isTrue'}");
        }
        return Rules.rule("{'all': [" + String.join(", ", leaves) + "]}");
    }

    private static long bytesPerRun(Runnable evaluation) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        for (int i = 0; i < RUNS; i++) {
            evaluation.run();
        }
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < RUNS; i++) {
            evaluation.run();
        }
        return (threads.getThreadAllocatedBytes(id) - before) / RUNS;
    }
}
