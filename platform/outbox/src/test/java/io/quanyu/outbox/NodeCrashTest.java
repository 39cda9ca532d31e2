package io.quanyu.outbox;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.testfixtures.InJvmMongo;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node is killed with SIGKILL while it writes and delivers events; a second node takes over. Every event that was
 * written with its document reaches the subscriber, none is lost, and the repeats that at-least-once delivery
 * brings are absorbed by the subscriber's key (one effect per event id).
 */
class NodeCrashTest {
    static final int DOCUMENTS = 3_000;

    @Test
    void everyWrittenEventReachesTheSubscriberAfterTheNodeIsKilled() throws Exception {
        try (InJvmMongo server = InJvmMongo.start(); MongoClient client = MongoClients.create(server.connectionString())) {
            String tenant = SeamFixture.freshTenant();
            TenantDatabase db = SeamFixture.tenant(client, tenant);
            Process doomed = launch(server.connectionString(), tenant);
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> CrashingNode.effects(db, null) >= 300);
            } finally {
                doomed.destroyForcibly().waitFor();
            }
            long writtenBeforeKill = db.collection(SeamFixture.SOURCE).countDocuments();
            assertThat(writtenBeforeKill).as("killed in the middle of the burst").isLessThan(DOCUMENTS);

            try (EventSeam survivor = new EventSeam(() -> List.of(db), SeamFixture.fast("survivor"), Clock.systemUTC())) {
                survivor.subscribe(CrashingNode.effects(db)).start();
                await().atMost(Duration.ofSeconds(60)).until(() -> CrashingNode.effects(db, null) >= writtenBeforeKill);
            }
            Set<String> expected = new HashSet<>();
            for (Document d : db.collection(SeamFixture.SOURCE).find()) {
                expected.add(d.getString("eventId"));
            }
            Set<String> effects = new HashSet<>();
            db.collection("effects").find().forEach(d -> effects.add(d.getString("_id")));
            assertThat(effects).as("one effect per written event, none missing, none extra").isEqualTo(expected);
            long calls = CrashingNode.effects(db, "calls");
            assertThat(calls).isGreaterThanOrEqualTo(expected.size());
            System.out.printf("node crash: %d events written before the kill, %d effects, %d handler calls (%d repeats)%n",
                    expected.size(), effects.size(), calls, calls - expected.size());
        }
    }

    private static Process launch(String mongo, String tenant) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CrashingNode.class.getName(),
                mongo, tenant, String.valueOf(DOCUMENTS)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }
}
