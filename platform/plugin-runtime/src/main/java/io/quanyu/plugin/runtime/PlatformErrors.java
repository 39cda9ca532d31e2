package io.quanyu.plugin.runtime;

import io.quanyu.core.error.QuanyuException;
import io.quanyu.plugin.sdk.PluginCallException;
import io.quanyu.plugin.sdk.PluginException;
import org.jspecify.annotations.Nullable;

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

    /**
     * A failed call of plugin {@code plugin} as its caller sees it (another plugin, a plugin test): the platform's code,
     * message, details and violations, nothing of the platform's classes.
     */
    public static PluginCallException toCaller(QuanyuException e, @Nullable String plugin) {
        return new PluginCallException(e.code().name(), e.getMessage(), plugin, e.details(), e.violations().stream()
                .map(v -> new PluginCallException.Violation(v.pointer(), v.code(), v.message())).toList());
    }

    /** Runs a call of {@code plugin}, its failures as {@link #toCaller}. */
    public static <T> T calling(@Nullable String plugin, Supplier<T> call) {
        try {
            return call.get();
        } catch (QuanyuException e) {
            throw toCaller(e, plugin);
        }
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
