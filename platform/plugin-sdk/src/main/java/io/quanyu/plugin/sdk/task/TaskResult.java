package io.quanyu.plugin.sdk.task;

import io.quanyu.plugin.sdk.Failure;
import io.quanyu.plugin.sdk.PublicApi;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.Objects;

/**
 * What a task run came to: {@link #done()}, {@link #retryAfter} (the task runs again after the delay, as attempt
 * + 1; at most {@value #MAX_ATTEMPTS} attempts), or {@link #failed} (recorded with its code; not retried). A handler
 * that throws or times out is retried by the platform with back-off.
 *
 * @param retryAfter the delay before the next attempt, or null
 * @param failure    why it failed, or null
 * @since 1.1
 */
@PublicApi
public record TaskResult(@Nullable Duration retryAfter, @Nullable Failure failure) {
    /** The most attempts of one task. */
    public static final int MAX_ATTEMPTS = 20;

    /** The task is done. */
    public static TaskResult done() {
        return new TaskResult(null, null);
    }

    /** Run the task again after {@code delay} (at least one second). */
    public static TaskResult retryAfter(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        return new TaskResult(delay.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : delay, null);
    }

    /** The task failed for good, with a stable code. */
    public static TaskResult failed(String code, String message) {
        return new TaskResult(null, new Failure(code, message));
    }
}
