package io.quanyu.plugin.sdk;

import java.time.Instant;
import java.util.Map;

/**
 * Durable one-off work for later, on the platform's scheduler: a task names one of the plugin's
 * {@link io.quanyu.plugin.sdk.task.TaskHandler}s (declared in the manifest's {@code tasks}) and a key of the
 * plugin's choosing (1 to {@value #MAX_KEY_LENGTH} letters, digits and {@code . _ : / @ -}); scheduling the same handler and key again replaces the pending task (its time and payload).
 * A task runs at least once, at its time or soon after (within about a second when the cluster is not behind), on
 * one node, for the tenant that scheduled it, and only while the plugin is enabled for that tenant. For reservation
 * expiry, exact-time follow-ups, acknowledging a callback now and processing it after, or a sync in chunks.
 *
 * @since 1.1
 */
@PublicApi
public interface Tasks {
    /** The longest task key. */
    int MAX_KEY_LENGTH = 128;
    /** The largest payload, as JSON. */
    int MAX_PAYLOAD_BYTES = 8 * 1024;

    /**
     * Schedules (or replaces) the task {@code key} of {@code handler}, due at {@code at} (a time in the past means
     * now, at most a year ahead); durable when this returns.
     *
     * @throws PluginException {@code TASK_HANDLER_UNKNOWN} for a handler the manifest does not declare,
     *                         {@code TASK_INVALID} for a bad key, time or payload (JSON values only, at most
     *                         {@value #MAX_PAYLOAD_BYTES} bytes)
     */
    void schedule(String handler, String key, Instant at, Map<String, Object> payload);

    /** Cancels the pending task; answers whether there was one that will now not run. */
    boolean cancel(String handler, String key);
}
