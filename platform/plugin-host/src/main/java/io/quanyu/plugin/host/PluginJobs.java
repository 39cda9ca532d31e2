package io.quanyu.plugin.host;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
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
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Runs plugins' scheduled jobs for every tenant that enabled them. Each (tenant, plugin, job) has a due-time document
 * in {@code plugin_job_runs}; a node runs a job only after winning its lease with one conditional update, so one
 * node runs each due job once, and a node that dies mid-run loses the lease when it expires. Results and failures
 * are recorded on the document for the tenant to see.
 */
public final class PluginJobs {
    private static final Logger LOG = LoggerFactory.getLogger(PluginJobs.class);
    private final MongoCollection<Document> runs;
    private final MongoInstallations installations;
    private final PluginSync sync;
    private final PluginRuntime runtime;
    private final Clock clock;
    private final Duration lease;
    private final String node;

    public PluginJobs(MongoDatabase platformDb, MongoInstallations installations, PluginSync sync, PluginRuntime runtime,
                      Clock clock, Duration lease, String node) {
        this.runs = platformDb.getCollection("plugin_job_runs");
        this.installations = installations;
        this.sync = sync;
        this.runtime = runtime;
        this.clock = clock;
        this.lease = lease;
        this.node = node;
    }

    /** Runs every job that is due now and whose lease this node wins; returns how many ran. */
    public int runDue() {
        int ran = 0;
        for (Installation installation : installations.enabledEverywhere()) {
            LoadedPlugin plugin = sync.ensureLoaded(installation.key());
            for (JobSpec job : plugin.manifest().jobs()) {
                ran += runIfDue(installation, plugin, job) ? 1 : 0;
            }
        }
        return ran;
    }

    private boolean runIfDue(Installation installation, LoadedPlugin plugin, JobSpec job) {
        String id = installation.tenant() + ":" + installation.pluginId() + ":" + job.name();
        Instant now = clock.instant();
        runs.updateOne(Filters.eq("_id", id), Updates.combine(Updates.setOnInsert("nextRunAt", Date.from(now)),
                Updates.setOnInsert("leaseUntil", Date.from(Instant.EPOCH))), new UpdateOptions().upsert(true));
        Document claimed = runs.findOneAndUpdate(Filters.and(Filters.eq("_id", id), Filters.lte("nextRunAt", Date.from(now)),
                Filters.lte("leaseUntil", Date.from(now))), Updates.combine(Updates.set("leaseUntil", Date.from(now.plus(lease))),
                Updates.set("leaseOwner", node)));
        if (claimed == null) {
            return false;
        }
        Date last = claimed.getDate("lastSuccess");
        String outcome;
        boolean ok;
        try {
            outcome = runtime.call(plugin.key(), ExtensionKind.JOB, job.name(), new CallScope(installation.tenant(), "system", null),
                    "job " + job.name(), (ScheduledJob scheduled, PluginContext context) -> summary(scheduled.run(
                            new JobRequest(context, claimed.getDate("nextRunAt").toInstant(), last == null ? null : last.toInstant()))));
            ok = !outcome.startsWith("FAILED ");
        } catch (QuanyuException e) {
            outcome = "FAILED " + e.code() + ": " + e.getMessage();
            ok = false;
        }
        record(id, now, job.every(), outcome, ok);
        return true;
    }

    private static String summary(JobResult result) {
        if (result == null) {
            return "FAILED the job answered nothing";
        }
        return result.failure() == null ? String.valueOf(result.summary())
                : "FAILED " + result.failure().code() + ": " + result.failure().message();
    }

    private void record(String id, Instant started, Duration every, String outcome, boolean ok) {
        var changes = new java.util.ArrayList<>(java.util.List.of(Updates.set("nextRunAt", Date.from(started.plus(every))),
                Updates.set("leaseUntil", Date.from(Instant.EPOCH)), Updates.set("lastRunAt", Date.from(started)),
                Updates.set("lastOutcome", outcome)));
        if (ok) {
            changes.add(Updates.set("lastSuccess", Date.from(started)));
        }
        runs.updateOne(Filters.eq("_id", id), Updates.combine(changes));
        if (!ok) {
            LOG.warn("plugin job {} failed: {}", id, outcome);
        }
    }
}
