package io.quanyu.scheduling;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.testfixtures.InJvmMongo;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 in the middle of a due burst: a node in its own JVM fires 20,000 due timers and is killed with SIGKILL once
 * some effects exist; a second node takes over the chunks whose leases lapse. Every timer must end with exactly one
 * effect (keyed by its idempotency key) and none missing; the handler calls beyond one per timer are the at-least-once
 * repeats, reported.
 */
class SchedulerCrashTest {
    private static final int TIMERS = 20_000;
    private static final TenantId TENANT = TenantId.of("crash");

    @Test
    void everyTimerHasExactlyOneEffectWhenItsNodeIsKilledInTheMiddleOfABurst() throws Exception {
        try (InJvmMongo server = InJvmMongo.start(); MongoClient client = MongoClients.create(server.connectionString())) {
            MongoDatabase database = client.getDatabase("quanyu_platform");
            MongoCollection<Document> effects = database.getCollection("effects");
            scheduleBurst(database);

            Process first = launch(server.connectionString(), "node-1");
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(5))
                    .until(() -> effects.estimatedDocumentCount() >= 2_000);
            first.destroyForcibly();
            first.waitFor();
            long atKill = effects.estimatedDocumentCount();
            assertThat(atKill).as("effects when node-1 was killed").isLessThan(TIMERS);

            Process second = launch(server.connectionString(), "node-2");
            try {
                await().atMost(Duration.ofSeconds(120)).until(() -> effects.estimatedDocumentCount() >= TIMERS);
            } finally {
                second.destroyForcibly();
                second.waitFor();
            }
            assertExactlyOneEffectEach(effects);
            report(database, atKill);
        }
    }

    private static void scheduleBurst(MongoDatabase database) {
        DefaultScheduler scheduler = new DefaultScheduler(database, Clock.systemUTC(), CrashNode.options("scheduler"));
        Instant due = Instant.now();
        for (int batch = 0; batch < TIMERS / 2_000; batch++) {
            List<TimerRequest> requests = new ArrayList<>();
            for (int i = batch * 2_000; i < (batch + 1) * 2_000; i++) {
                requests.add(TimerRequest.of(TENANT, "effect", "e-" + i, due));
            }
            scheduler.scheduleAll(requests);
        }
    }

    private static Process launch(String connectionString, String node) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CrashNode.class.getName(), connectionString, "quanyu_platform", node)
                .redirectErrorStream(true).redirectOutput(new File("target/crash-" + node + ".log")).start();
    }

    private static void assertExactlyOneEffectEach(MongoCollection<Document> effects) {
        Set<String> keys = new HashSet<>();
        List<String> repeated = new ArrayList<>();
        for (Document effect : effects.find()) {
            if (!keys.add(effect.getString("key"))) {
                repeated.add(effect.getString("key"));
            }
        }
        assertThat(repeated).as("timers with more than one effect").isEmpty();
        Set<String> missing = new HashSet<>();
        for (int i = 0; i < TIMERS; i++) {
            if (!keys.contains("e-" + i)) {
                missing.add("e-" + i);
            }
        }
        assertThat(missing).as("timers without an effect").isEmpty();
    }

    private static void report(MongoDatabase database, long atKill) {
        MongoCollection<Document> calls = database.getCollection("calls");
        long total = calls.countDocuments();
        long byFirst = calls.countDocuments(Filters.eq("node", "node-1"));
        assertThat(byFirst).as("calls by the killed node").isPositive();
        assertThat(total - byFirst).as("calls by the surviving node").isPositive();
        System.out.printf("kill -9 test: %d timers, node-1 killed with %d effects stored; %d handler calls "
                        + "(%d by node-1, %d by node-2), %d repeats; %d effects, one per timer%n",
                TIMERS, atKill, total, byFirst, total - byFirst, total - TIMERS, TIMERS);
    }
}
