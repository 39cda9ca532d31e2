package io.quanyu.plugin.sdk.job;

import io.quanyu.plugin.sdk.Failure;
import io.quanyu.plugin.sdk.PublicApi;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of a job run, shown to the tenant in the plugin's run history.
 *
 * @param summary what the run did, for people ("synchronised 120 followers")
 * @param failure why it failed, otherwise null
 */
@PublicApi
public record JobResult(String summary, @Nullable Failure failure) {

    public static JobResult ok(String summary) {
        return new JobResult(summary, null);
    }

    public static JobResult failed(String code, String message) {
        return new JobResult("", new Failure(code, message));
    }
}
