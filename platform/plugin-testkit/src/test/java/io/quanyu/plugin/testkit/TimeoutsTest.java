package io.quanyu.plugin.testkit;

import io.quanyu.plugin.sdk.PluginCallException;
import io.quanyu.plugin.runtime.ExtensionKind;
import io.quanyu.plugin.runtime.PluginLimits;
import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.job.JobRequest;
import io.quanyu.plugin.sdk.job.JobResult;
import io.quanyu.plugin.sdk.job.ScheduledJob;
import io.quanyu.plugin.testkit.samples.SamplePlugins;
import io.quanyu.plugin.testkit.samples.Slow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Per-kind time limits: a manifest's {@code timeouts} lengthen background calls up to the platform's cap, never the
 * calls someone waits for, and each call's {@code deadline()} tells the plugin its own limit.
 */
class TimeoutsTest {
    /** 300 ms for calls someone waits for, 1 s for background calls. */
    private final TestHost host = TestHost.start(new PluginLimits(Duration.ofMillis(300), 4, 50, Duration.ofSeconds(2),
            Duration.ofSeconds(1)));

    @AfterEach
    void close() {
        host.close();
    }

    private Installed install(String timeouts) {
        String manifest = SamplePlugins.manifest("acme-slow", "1.0.0", SamplePlugins.operation("slowOp"))
                .replaceFirst("\"operations\":", "\"jobs\": [{\"name\": \"slow\", \"every\": \"PT1H\"}, "
                        + "{\"name\": \"slower\", \"every\": \"PT1H\"}], " + timeouts + "\"operations\":");
        return host.install(PluginZipBuilder.create().manifest(manifest).extension(Slow.SlowOperation.class)
                .extension(Slow.SlowJob.class).extension(Slow.SlowerJob.class).classes(Slow.class).build());
    }

    private JobResult job(Installed key, String name) {
        return host.call(key, "acme", ExtensionKind.JOB, name, (ScheduledJob job, PluginContext context) ->
                job.run(new JobRequest(context, Instant.now(), null)));
    }

    private static void assertTimeout(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String limit) {
        assertThatThrownBy(call).isInstanceOfSatisfying(PluginCallException.class, e -> {
            assertThat(e.code()).isEqualTo("PLUGIN_TIMEOUT");
            assertThat(e.details()).containsEntry("limit", limit);
        });
    }

    @Test
    void withoutTimeoutsEveryKindHasTheCallTimeout() {
        Installed key = install("");
        assertTimeout(() -> host.operation(key, "acme", "slowOp", Map.of("name", "x")), "300 ms");
        assertTimeout(() -> job(key, "slow"), "300 ms");
    }

    @Test
    void aDeclaredTimeLengthensBackgroundCallsUpToTheirCapButNeverTheOnesSomeoneWaitsFor() {
        Installed key = install("\"timeouts\": {\"job\": \"PT5M\", \"operation\": \"PT5S\"}, ");
        long left = Long.parseLong(job(key, "slow").summary().replace("left ", ""));
        assertThat(left).as("a 5-minute wish cut to the 1 s cap, 600 ms of it used").isBetween(1L, 400L);
        assertTimeout(() -> job(key, "slower"), "1000 ms");
        assertTimeout(() -> host.operation(key, "acme", "slowOp", Map.of("name", "x")), "300 ms");
    }

    @Test
    void aTimeoutThatIsNotADurationOfSecondsOrMinutesIsRefusedAtInstall() {
        assertThatThrownBy(() -> install("\"timeouts\": {\"job\": \"P1D\"}, ")).isInstanceOf(PluginCallException.class);
        assertThatThrownBy(() -> install("\"timeouts\": {\"nap\": \"PT1S\"}, ")).isInstanceOf(PluginCallException.class);
    }
}
