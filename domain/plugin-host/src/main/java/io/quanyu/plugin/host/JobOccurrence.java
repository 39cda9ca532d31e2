package io.quanyu.plugin.host;

import io.quanyu.core.tenant.TenantId;
import io.quanyu.scheduling.FiredTimer;
import io.quanyu.scheduling.TimerRequest;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * One due run of a plugin's job for one tenant, as a scheduler timer: kind {@value #KIND}, the tenant's timer, key
 * {@code <plugin>/<job>/<due instant>}. Occurrences are chained: the next is due one period after this one (whole
 * periods are skipped when they are already past), so runs do not drift with how long a run takes.
 */
record JobOccurrence(TenantId tenant, String plugin, String job, Instant at) {
    static final String KIND = "plugin.job";

    JobOccurrence {
        at = at.truncatedTo(ChronoUnit.MILLIS);
    }

    static JobOccurrence of(FiredTimer timer) {
        Map<String, Object> payload = timer.payload();
        return new JobOccurrence(timer.tenant(), (String) payload.get("plugin"), (String) payload.get("job"),
                (Instant) payload.get("at"));
    }

    String key() {
        return plugin + "/" + job + "/" + at;
    }

    TimerRequest request() {
        return new TimerRequest(tenant, KIND, key(), at, Map.of("plugin", plugin, "job", job, "at", at));
    }

    /** The occurrence after this one: one period later, or the first whole period after {@code now}. */
    JobOccurrence next(Duration every, Instant now) {
        long periods = Math.max(1, Math.floorDiv(Duration.between(at, now).toMillis(), every.toMillis()) + 1);
        return new JobOccurrence(tenant, plugin, job, at.plus(every.multipliedBy(periods)));
    }

    JobOccurrence at(Instant other) {
        return new JobOccurrence(tenant, plugin, job, other);
    }
}
