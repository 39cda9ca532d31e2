package io.quanyu.plugin.host;

import com.mongodb.client.MongoDatabase;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.plugin.pkg.JobSpec;
import io.quanyu.plugin.runtime.CallScope;
import io.quanyu.plugin.runtime.ExtensionKind;
import io.quanyu.plugin.runtime.LoadedPlugin;
import io.quanyu.plugin.runtime.PluginRuntime;
import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.job.JobRequest;
import io.quanyu.plugin.sdk.job.JobResult;
import io.quanyu.plugin.sdk.job.ScheduledJob;
import io.quanyu.scheduling.FiredTimer;
import io.quanyu.scheduling.Scheduler;
import io.quanyu.scheduling.Timer;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs plugins' scheduled jobs for every tenant that enabled them, on the platform's scheduler: each occurrence of a
 * (tenant, plugin, job) is a timer (kind {@code plugin.job}, the tenant's, key {@code <plugin>/<job>/<due instant>}),
 * fired by one node of the cluster. Occurrences are chained: the first is due when the sweep first sees the enabled
 * job (within one sweep period of enabling, or of enabling again after a pause); each run schedules the next one
 * period after the occurrence it runs (whole periods already past are skipped), so runs do not drift.
 * <p>
 * The sweep, a recurring scheduler job, schedules every enabled job's pending occurrence and pauses (cancels) the
 * ones no longer enabled; the schedule is idempotent, so any node may sweep. The pending occurrence is kept on the
 * job's record in {@code plugin_job_runs} and moved on with one conditional update before a run, so a timer that is
 * not the pending occurrence, or a disabled or uninstalled plugin's timer, does nothing. A job's failure is recorded
 * and not retried: it runs again at its next occurrence. The record shows the tenant the next run, the last run, its
 * outcome, the last success and the number of runs.
 */
public final class PluginJobs {
    /** The scheduler job (kind {@code job.plugin.jobs}) that keeps every enabled job's next occurrence scheduled. */
    public static final String SWEEP = "plugin.jobs";
    private static final Logger LOG = LoggerFactory.getLogger(PluginJobs.class);
    private final JobRuns runs;
    private final MongoInstallations installations;
    private final PluginSync sync;
    private final PluginRuntime runtime;
    private final Scheduler scheduler;
    private final Clock clock;

    /** Registers the job timers' handler and the sweep, every {@code sweepEvery}, on {@code scheduler}. */
    public PluginJobs(MongoDatabase platformDb, MongoInstallations installations, PluginSync sync, PluginRuntime runtime,
                      Scheduler scheduler, Clock clock, Duration sweepEvery) {
        this.runs = new JobRuns(platformDb);
        this.installations = installations;
        this.sync = sync;
        this.runtime = runtime;
        this.scheduler = scheduler;
        this.clock = clock;
        scheduler.register(JobOccurrence.KIND, this::fire);
        scheduler.every(SWEEP, sweepEvery, timer -> sweep());
    }

    /**
     * Schedules the pending occurrence of every enabled job (a new one due now for a job seen for the first time or
     * again after a pause) and pauses the jobs no longer enabled, cancelling their timer. Answers how many timers it
     * created: none when another node already did.
     */
    public int sweep() {
        Set<String> enabled = new HashSet<>();
        int created = 0;
        for (Installation installation : installations.enabledEverywhere()) {
            for (JobSpec job : jobs(installation)) {
                JobOccurrence now = new JobOccurrence(installation.tenant(), installation.pluginId(), job.name(), clock.instant());
                enabled.add(JobRuns.id(now.tenant(), now.plugin(), now.job()));
                created += ensure(now) ? 1 : 0;
            }
        }
        pauseAllBut(enabled);
        return created;
    }

    private List<JobSpec> jobs(Installation installation) {
        try {
            return sync.ensureLoaded(installation.key()).manifest().jobs();
        } catch (QuanyuException e) {
            LOG.warn("plugin {} of tenant {} cannot load; its jobs wait", installation.key(), installation.tenant(), e);
            return List.of();
        }
    }

    private boolean ensure(JobOccurrence now) {
        Instant pending = runs.pending(now);
        if (pending == null) {
            return false;
        }
        Timer timer = scheduler.schedule(now.at(pending).request());
        if (timer.created() || timer.state() == Timer.State.PENDING) {
            return timer.created();
        }
        Instant restarted = runs.restart(now, pending);
        return restarted != null && scheduler.schedule(now.at(restarted).request()).created();
    }

    private void pauseAllBut(Set<String> enabled) {
        for (JobOccurrence pending : runs.pendingEverywhere()) {
            if (!enabled.contains(JobRuns.id(pending.tenant(), pending.plugin(), pending.job()))) {
                scheduler.cancel(pending.tenant(), JobOccurrence.KIND, pending.key());
                runs.pause(pending);
            }
        }
    }

    /** Runs an occurrence if its plugin is enabled, the job still exists and the occurrence is the pending one. */
    void fire(FiredTimer timer) {
        JobOccurrence occurrence = JobOccurrence.of(timer);
        Optional<Installation> installation = installations.find(occurrence.tenant(), occurrence.plugin())
                .filter(Installation::enabled);
        if (installation.isEmpty()) {
            return;
        }
        LoadedPlugin plugin = sync.ensureLoaded(installation.get().key());
        Optional<JobSpec> job = plugin.manifest().jobs().stream().filter(j -> j.name().equals(occurrence.job())).findFirst();
        if (job.isEmpty()) {
            return;
        }
        JobOccurrence next = occurrence.next(job.get().every(), clock.instant());
        Document taken = runs.take(occurrence, next);
        if (taken != null) {
            scheduleNext(next);
            run(plugin, occurrence, taken.getDate("lastSuccess"));
        }
    }

    private void scheduleNext(JobOccurrence next) {
        try {
            scheduler.schedule(next.request());
        } catch (RuntimeException e) {
            LOG.warn("could not schedule plugin job {} of tenant {}; the sweep will", next.key(), next.tenant(), e);
        }
    }

    private void run(LoadedPlugin plugin, JobOccurrence occurrence, @Nullable Date lastSuccess) {
        Instant started = clock.instant();
        String outcome;
        try {
            outcome = runtime.call(plugin.key(), ExtensionKind.JOB, occurrence.job(),
                    new CallScope(occurrence.tenant(), "system", null), "job " + occurrence.job(),
                    (ScheduledJob job, PluginContext context) -> summary(job.run(new JobRequest(context, occurrence.at(),
                            lastSuccess == null ? null : lastSuccess.toInstant()))));
        } catch (QuanyuException e) {
            outcome = "FAILED " + e.code() + ": " + e.getMessage();
        }
        boolean ok = !outcome.startsWith("FAILED ");
        runs.record(occurrence, started, outcome, ok);
        if (!ok) {
            LOG.warn("plugin job {} of tenant {} failed: {}", occurrence.key(), occurrence.tenant(), outcome);
        }
    }

    private static String summary(@Nullable JobResult result) {
        if (result == null) {
            return "FAILED the job answered nothing";
        }
        return result.failure() == null ? String.valueOf(result.summary())
                : "FAILED " + result.failure().code() + ": " + result.failure().message();
    }
}
