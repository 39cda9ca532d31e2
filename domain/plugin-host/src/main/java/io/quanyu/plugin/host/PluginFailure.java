package io.quanyu.plugin.host;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;

import java.util.Set;

/**
 * How the platform's engines read a plugin call that failed (a channel's send, a journey's action or trigger): the
 * plugin's own refusal ({@code PluginException}) keeps its code and is final; the runtime's failures keep theirs
 * ({@code PLUGIN_TIMEOUT}, {@code PLUGIN_BUSY}, ...), a timeout, a full bulkhead or a crash being worth another try.
 *
 * @param code      the plugin's code, else the platform's
 * @param retryable whether calling again later may succeed
 */
record PluginFailure(String code, String message, boolean retryable) {
    private static final Set<ErrorCode> RETRYABLE = Set.of(ErrorCode.PLUGIN_TIMEOUT, ErrorCode.PLUGIN_BUSY,
            ErrorCode.PLUGIN_FAILED);

    /** The failure of a plugin call, or null when the exception is the platform's own (to be thrown on). */
    static PluginFailure of(QuanyuException e) {
        if (e.code() == ErrorCode.PLUGIN_OPERATION_FAILED && e.details().get("pluginCode") != null) {
            return new PluginFailure(String.valueOf(e.details().get("pluginCode")), e.getMessage(), false);
        }
        if (e.code().name().startsWith("PLUGIN_")) {
            return new PluginFailure(e.code().name(), e.getMessage(), RETRYABLE.contains(e.code()));
        }
        return null;
    }
}
