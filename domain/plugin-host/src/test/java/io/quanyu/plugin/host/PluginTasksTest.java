package io.quanyu.plugin.host;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.plugin.sdk.Tasks;
import io.quanyu.testfixtures.MutableClock;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Plugins' tasks on the scheduler, with two nodes on one store and a clock the test moves; the sample plugin's
 * {@code remind} task writes a card on every run and then does what its payload says.
 */
class PluginTasksTest {
    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final TenantId acme = new TenantId("acme");
    private TwoNodes cluster;
    private Node one;
    private Node two;
    private MongoClient client;
    private Tasks tasks;

    @BeforeEach
    void nodes() throws Exception {
        cluster = new TwoNodes(clock, acme);
        one = cluster.one;
        two = cluster.two;
        client = cluster.client;
        tasks = one.tasks.of(one.database(acme), "acme-hello");
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void aTaskRunsOnceAtItsTimeOnOneOfTwoNodes() {
        tasks.schedule("remind", "r1", clock.instant().plusSeconds(60), Map.of("mode", "done"));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> cards().isEmpty());

        clock.advance(Duration.ofSeconds(61));

        await().atMost(Duration.ofSeconds(20)).until(() -> "done".equals(state("r1").getString("state")));
        assertThat(cards()).containsExactly("r1#1");
    }

    @Test
    void theLongestKeyIsATaskLikeAnyOther() {
        String longest = "k".repeat(Tasks.MAX_KEY_LENGTH);
        tasks.schedule("remind", longest, clock.instant(), Map.of("mode", "done"));
        clock.advance(Duration.ofSeconds(1));

        await().atMost(Duration.ofSeconds(20)).until(() -> "done".equals(state(longest).getString("state")));
        assertThat(cards()).containsExactly(longest + "#1");
    }

    @Test
    void schedulingTheSameKeyAgainReplacesTheTaskAndCancelStopsIt() {
        tasks.schedule("remind", "r2", clock.instant().plusSeconds(30), Map.of("mode", "done"));
        tasks.schedule("remind", "r2", clock.instant().plusSeconds(300), Map.of("mode", "done"));
        tasks.schedule("remind", "r3", clock.instant().plusSeconds(30), Map.of("mode", "done"));
        assertThat(tasks.cancel("remind", "r3")).isTrue();
        assertThat(tasks.cancel("remind", "r3")).isFalse();

        clock.advance(Duration.ofSeconds(31));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> cards().isEmpty());
        clock.advance(Duration.ofSeconds(300));

        await().atMost(Duration.ofSeconds(20)).until(() -> cards().contains("r2#1"));
        assertThat(cards()).containsExactly("r2#1");
        assertThat(state("r3").getString("state")).isEqualTo("cancelled");
    }

    @Test
    void aRetryRunsAgainAsTheNextAttemptAndFailuresAreRecordedWithTheirCodes() {
        tasks.schedule("remind", "again", clock.instant(), Map.of("mode", "retry"));
        tasks.schedule("remind", "bounce", clock.instant(), Map.of("mode", "fail"));
        tasks.schedule("remind", "refuse", clock.instant(), Map.of("mode", "throw"));
        clock.advance(Duration.ofSeconds(1));
        await().atMost(Duration.ofSeconds(20)).until(() -> cards().contains("again#1"));
        for (int attempt = 2; attempt <= 3; attempt++) {
            clock.advance(Duration.ofSeconds(3));
            String run = "again#" + attempt;
            await().atMost(Duration.ofSeconds(20)).until(() -> cards().contains(run));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> "done".equals(state("again").getString("state")));
        assertThat(state("again").getInteger("attempt")).isEqualTo(3);
        assertThat(state("bounce").getString("state")).isEqualTo("failed");
        assertThat(state("bounce").getString("outcome")).startsWith("REMINDER_BOUNCED");
        assertThat(state("refuse").getString("state")).isEqualTo("failed");
        assertThat(state("refuse").getString("outcome")).startsWith("REMINDER_REFUSED");
        assertThat(cards()).containsExactlyInAnyOrder("again#1", "again#2", "again#3", "bounce#1", "refuse#1");
    }

    @Test
    void aTaskOfADisabledPluginIsSkipped() {
        tasks.schedule("remind", "late", clock.instant().plusSeconds(10), Map.of("mode", "done"));
        one.plugins.disable(one.database(acme), "admin", "acme-hello");

        clock.advance(Duration.ofSeconds(11));

        await().atMost(Duration.ofSeconds(20)).until(() -> "skipped".equals(state("late").getString("state")));
        assertThat(cards()).isEmpty();
    }

    private List<String> cards() {
        return one.database(acme).collection("r_acmehelloCard").find().map(d -> d.getString("to"))
                .into(new ArrayList<>()).stream().sorted().toList();
    }

    private Document state(String key) {
        TenantDatabase db = one.database(acme);
        Document doc = db.collection(PluginTasks.COLLECTION).find(Filters.eq("_id", "acme-hello|remind|" + key)).first();
        return doc == null ? new Document() : doc;
    }
}
