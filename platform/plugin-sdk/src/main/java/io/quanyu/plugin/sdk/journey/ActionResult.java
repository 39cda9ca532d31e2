package io.quanyu.plugin.sdk.journey;

import io.quanyu.plugin.sdk.Failure;
import io.quanyu.plugin.sdk.PublicApi;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.Map;

/**
 * The outcome of a {@link JourneyAction}: done (with values later steps may use), failed, or retry after a delay.
 *
 * @param output     values for later steps when done
 * @param failure    why it failed, otherwise null
 * @param retryAfter when set, the journey retries the step after this delay
 */
@PublicApi
public record ActionResult(Map<String, Object> output, @Nullable Failure failure, @Nullable Duration retryAfter) {

    public static ActionResult done(Map<String, Object> output) {
        return new ActionResult(Map.copyOf(output), null, null);
    }

    public static ActionResult failed(String code, String message) {
        return new ActionResult(Map.of(), new Failure(code, message), null);
    }

    public static ActionResult retryAfter(Duration delay, String code, String message) {
        return new ActionResult(Map.of(), new Failure(code, message), delay);
    }
}
