package io.quanyu.plugin.sdk.task;

import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.PublicApi;

import java.time.Instant;
import java.util.Map;

/**
 * One run of a task.
 *
 * @param context      the tenant's services for this run (caller {@code system})
 * @param key          the task's key, as scheduled
 * @param payload      the payload, as scheduled
 * @param attempt      1 for the first run, one more after each {@link TaskResult#retryAfter}
 * @param scheduledFor the time the task was due
 * @since 1.1
 */
@PublicApi
public record TaskRequest(PluginContext context, String key, Map<String, Object> payload, int attempt,
                          Instant scheduledFor) {
}
