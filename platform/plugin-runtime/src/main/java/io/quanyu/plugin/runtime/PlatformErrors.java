package io.quanyu.plugin.runtime;

import io.quanyu.core.error.QuanyuException;
import io.quanyu.plugin.sdk.PluginException;

import java.util.function.Supplier;

/**
 * How a platform failure reaches a plugin, one rule for the platform's services and the test kit's: a
 * {@link PluginException} with the platform's error code and its message, followed by each field violation's
 * pointer and message.
 */
public final class PlatformErrors {

    private PlatformErrors() {
    }

    /** The plugin's view of a platform failure. */
    public static PluginException toPlugin(QuanyuException e) {
        String fields = e.violations().isEmpty() ? "" : " " + e.violations().stream()
                .map(v -> v.pointer() + " " + v.message()).toList();
        return new PluginException(e.code().name(), e.getMessage() + fields);
    }

    /** Runs a platform call for a plugin, its failures as {@link #toPlugin}. */
    public static <T> T translated(Supplier<T> call) {
        try {
            return call.get();
        } catch (QuanyuException e) {
            throw toPlugin(e);
        }
    }
}
