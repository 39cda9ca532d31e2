package io.quanyu.plugin.host;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.quanyu.core.tenant.TenantId;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * The tenant-visible record of a plugin job's runs, one document per (tenant, plugin, job) in
 * {@code plugin_job_runs}: {@code nextRunAt} (the one pending occurrence; absent while the job is paused because the
 * plugin is off), {@code lastRunAt}, {@code lastOutcome}, {@code lastSuccess} and {@code runs}. Moving
 * {@code nextRunAt} from one occurrence to the next with one conditional update is what lets exactly one timer of the
 * chain run the job: a timer whose occurrence is not the record's pending one does nothing.
 */
final class JobRuns {
    private static final String NEXT = "nextRunAt";
    private final MongoCollection<Document> runs;

    JobRuns(MongoDatabase platformDb) {
        this.runs = platformDb.getCollection("plugin_job_runs");
    }

    static String id(TenantId tenant, String plugin, String job) {
        return tenant.value() + ":" + plugin + ":" + job;
    }

    /** The job's pending occurrence; a new or paused record gets one due {@code now}. Null if paused meanwhile. */
    @Nullable Instant pending(JobOccurrence first) {
        Document record = runs.findOneAndUpdate(Filters.eq("_id", id(first)), Updates.combine(
                Updates.set("tenant", first.tenant().value()), Updates.set("plugin", first.plugin()),
                Updates.set("job", first.job()), Updates.setOnInsert(NEXT, Date.from(first.at()))),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        Date next = record.getDate(NEXT);
        return next != null ? next.toInstant() : restart(first, null);
    }

    /**
     * Makes {@code now} the pending occurrence in place of {@code expected} (null: none), unless another node moved it
     * first; answers the pending occurrence either way (null if there is none).
     */
    @Nullable Instant restart(JobOccurrence now, @Nullable Instant expected) {
        Document record = runs.findOneAndUpdate(Filters.and(Filters.eq("_id", id(now)), isPending(expected)),
                Updates.set(NEXT, Date.from(now.at())), new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
        if (record == null) {
            record = runs.find(Filters.eq("_id", id(now))).first();
        }
        Date next = record == null ? null : record.getDate(NEXT);
        return next == null ? null : next.toInstant();
    }

    /**
     * Takes {@code occurrence} to run it: moves the pending occurrence on to {@code next} if it still is
     * {@code occurrence}. Answers the record as it was (for the last success), or null when the occurrence is not
     * pending (already run, or replaced by a restart): then the caller must not run it.
     */
    @Nullable Document take(JobOccurrence occurrence, JobOccurrence next) {
        return runs.findOneAndUpdate(Filters.and(Filters.eq("_id", id(occurrence)), isPending(occurrence.at())),
                Updates.set(NEXT, Date.from(next.at())));
    }

    /** Records a run's outcome. */
    void record(JobOccurrence occurrence, Instant started, String outcome, boolean ok) {
        List<Bson> changes = new ArrayList<>(List.of(Updates.set("lastRunAt", Date.from(started)),
                Updates.set("lastOutcome", outcome), Updates.inc("runs", 1L)));
        if (ok) {
            changes.add(Updates.set("lastSuccess", Date.from(started)));
        }
        runs.updateOne(Filters.eq("_id", id(occurrence)), Updates.combine(changes));
    }

    /** The pending occurrence of every job that has one. */
    List<JobOccurrence> pendingEverywhere() {
        List<JobOccurrence> pending = new ArrayList<>();
        for (Document d : runs.find(Filters.and(Filters.exists(NEXT), Filters.exists("tenant")))) {
            pending.add(new JobOccurrence(new TenantId(d.getString("tenant")), d.getString("plugin"), d.getString("job"),
                    d.getDate(NEXT).toInstant()));
        }
        return pending;
    }

    /** Removes the pending occurrence if it still is {@code occurrence}: the job is paused until restarted. */
    void pause(JobOccurrence occurrence) {
        runs.updateOne(Filters.and(Filters.eq("_id", id(occurrence)), isPending(occurrence.at())), Updates.unset(NEXT));
    }

    private static String id(JobOccurrence occurrence) {
        return id(occurrence.tenant(), occurrence.plugin(), occurrence.job());
    }

    private static Bson isPending(@Nullable Instant at) {
        return Filters.eq(NEXT, at == null ? null : Date.from(at));
    }
}
