package io.quanyu.plugin.pkg;

import java.time.Duration;

/**
 * A scheduled job run for each tenant that enabled the plugin.
 *
 * @param name  unique among the plugin's jobs
 * @param every the interval, at least {@link #MIN_INTERVAL}
 */
public record JobSpec(String name, Duration every) {
    /** The shortest interval a job may ask for. */
    public static final Duration MIN_INTERVAL = Duration.ofMinutes(1);
}
