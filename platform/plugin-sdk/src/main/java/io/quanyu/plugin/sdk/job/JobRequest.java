package io.quanyu.plugin.sdk.job;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.PublicApi;
import org.jspecify.annotations.Nullable;

import java.time.Instant;

/**
 * One run of a {@link ScheduledJob}.
 *
 * @param context      the tenant-scoped services for this call (caller {@code system})
 * @param scheduledFor when this run was due
 * @param lastSuccess  when the last successful run started, or null before the first
 */
@PublicApi
public record JobRequest(PluginContext context, Instant scheduledFor, @Nullable Instant lastSuccess) {
}
