package io.quanyu.plugin.sdk.job;

import io.quanyu.plugin.sdk.PublicSpi;
import org.pf4j.ExtensionPoint;

/**
 * Work a plugin runs on a schedule for every tenant that enabled it (sync a partner's followers, expire points).
 * The job's name and interval ({@code "every": "PT15M"}, at least one minute) are declared in the manifest's
 * {@code jobs}. One node runs each tenant's run; a run that fails is retried at the next interval.
 */
@PublicSpi
public interface ScheduledJob extends ExtensionPoint {

    /** The job's name in the manifest. */
    String name();

    /** Runs the job once for the request's tenant. */
    JobResult run(JobRequest request);
}
