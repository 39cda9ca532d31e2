package io.quanyu.plugin.testkit.samples;

import io.quanyu.plugin.sdk.job.JobRequest;
import io.quanyu.plugin.sdk.job.JobResult;
import io.quanyu.plugin.sdk.job.ScheduledJob;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import org.pf4j.Extension;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Extensions that take their time: each sleeps, then answers how long it had left before its deadline. */
public final class Slow {

    private Slow() {
    }

    static long sleepThenLeft(Instant deadline, long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Duration.between(Instant.now(), deadline).toMillis();
    }

    /** An operation that needs 600 ms. */
    @Extension
    public static class SlowOperation implements Operation {
        public String name() {
            return "slowOp";
        }

        public OperationResult handle(OperationRequest request) {
            return OperationResult.ok(Map.of("message", "left " + sleepThenLeft(request.context().deadline(), 600)));
        }
    }

    /** A job that needs 600 ms. */
    @Extension
    public static class SlowJob implements ScheduledJob {
        public String name() {
            return "slow";
        }

        public JobResult run(JobRequest request) {
            return JobResult.ok("left " + sleepThenLeft(request.context().deadline(), 600));
        }
    }

    /** A job that needs 1.5 s. */
    @Extension
    public static class SlowerJob implements ScheduledJob {
        public String name() {
            return "slower";
        }

        public JobResult run(JobRequest request) {
            return JobResult.ok("left " + sleepThenLeft(request.context().deadline(), 1500));
        }
    }
}
