package io.quanyu.plugin.sdk.operation;

import io.quanyu.plugin.sdk.Failure;
import io.quanyu.plugin.sdk.PublicApi;
import org.jspecify.annotations.Nullable;

import java.util.Map;

/**
 * What an {@link Operation} answered: an output (checked against the output schema) or a refusal.
 *
 * @param output  the output when the operation succeeded
 * @param failure why it did not, otherwise null
 */
@PublicApi
public record OperationResult(@Nullable Map<String, Object> output, @Nullable Failure failure) {

    public static OperationResult ok(Map<String, Object> output) {
        return new OperationResult(output, null);
    }

    public static OperationResult refused(String code, String message) {
        return new OperationResult(null, new Failure(code, message));
    }
}
