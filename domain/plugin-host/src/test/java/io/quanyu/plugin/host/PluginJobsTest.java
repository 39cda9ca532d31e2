package io.quanyu.plugin.host;

import io.quanyu.testfixtures.MutableClock;
import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.scheduling.Timer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Plugin jobs on the scheduler, with two nodes on one store and a clock the test moves: the sample plugin's
 * {@code tally} job runs every hour.
 */
class PluginJobsTest {
    private static final Duration HOUR = Duration.ofHours(1);
    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final TenantId acme = new TenantId("acme");
    private TwoNodes cluster;
    private Node one;
    private Node two;
    private MongoClient client;

    @BeforeEach
    void nodes() throws Exception {
        cluster = new TwoNodes(clock, acme);
        one = cluster.one;
        two = cluster.two;
        client = cluster.client;
    }

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void twoNodesRunEachOccurrenceOnceAndStopWhenThePluginIsDisabled() {
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        await().atMost(Duration.ofSeconds(20)).until(() -> pending().isPresent());
        Instant first = pending().orElseThrow();
        clock.advance(Duration.ofSeconds(2));
        awaitRuns(1);
        assertThat(pending()).contains(first.plus(HOUR));

        clock.advance(HOUR);
        awaitRuns(2);
        assertThat(record().getDate("lastRunAt").toInstant()).isAfterOrEqualTo(first.plus(HOUR));
        assertThat(pending()).contains(first.plus(HOUR.multipliedBy(2)));

        one.plugins.disable(one.database(acme), "admin", "acme-hello");
        clock.advance(HOUR);
        await().atMost(Duration.ofSeconds(20)).until(() -> pending().isEmpty() && !isPending(first.plus(HOUR.multipliedBy(2))));
        clock.advance(HOUR);
        await().atMost(Duration.ofSeconds(20)).until(() -> one.jobs.sweep() + two.jobs.sweep() == 0 && pending().isEmpty());
        assertThat(record().getLong("runs")).isEqualTo(2);
    }

    /** Waits for the job to have run {@code runs} times, and for that count to hold while the nodes keep working. */
    private void awaitRuns(long runs) {
        await().atMost(Duration.ofSeconds(20)).until(() -> record().get("runs", 0L) >= runs);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> record().get("runs", 0L) == runs);
        assertThat(record().getString("lastOutcome")).isEqualTo("0 cards");
    }

    private boolean isPending(Instant at) {
        return one.scheduler.find(acme, "plugin.job", "acme-hello/tally/" + at).map(Timer::state)
                .filter(state -> state == Timer.State.PENDING).isPresent();
    }

    private Optional<Instant> pending() {
        Document record = record();
        return Optional.ofNullable(record == null ? null : record.getDate("nextRunAt")).map(java.util.Date::toInstant);
    }

    private Document record() {
        return client.getDatabase("quanyu_platform").getCollection("plugin_job_runs")
                .find(Filters.eq("_id", acme.value() + ":acme-hello:tally")).first();
    }
}
