package io.quanyu.plugin.sdk;

import org.jspecify.annotations.Nullable;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A call of a plugin that failed, seen from its caller: another plugin calling it through {@link Plugins#call}, or
 * a plugin test calling it through the test kit. It carries the same stable {@link #code()} the platform's API would
 * answer ({@code PLUGIN_INPUT_INVALID}, {@code PLUGIN_TIMEOUT}, {@code PLUGIN_BAD_RESULT}, ...), the plugin called,
 * the error's details and its field violations, so callers and tests assert on codes without platform classes.
 * When the called plugin refused ({@code OperationResult.refused} or its own {@link PluginException}),
 * {@link #pluginCode()} is the plugin's own code.
 *
 * @since 1.1
 */
@PublicApi
public class PluginCallException extends PluginException {
    private final @Nullable String plugin;
    private final Map<String, Object> details;
    private final List<Violation> violations;

    /**
     * One input problem: where ({@code /input/sku}), the rule broken ({@code pattern}) and a message for people.
     */
    @PublicApi
    public record Violation(String pointer, String rule, String message) {
    }

    /**
     * @param code       the stable code
     * @param message    a message for people
     * @param plugin     the plugin called, or {@code null} when the failure came before one was known
     * @param details    the error's details ({@code pluginCode}, {@code reason}, ...)
     * @param violations the field violations, empty for none
     */
    public PluginCallException(String code, String message, @Nullable String plugin, Map<String, ?> details,
                               List<Violation> violations) {
        super(code, message);
        this.plugin = plugin;
        this.details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
        this.violations = List.copyOf(violations);
    }

    /** The plugin called, or {@code null}. */
    public @Nullable String plugin() {
        return plugin;
    }

    /** The error's details, as the API's error answer carries them. */
    public Map<String, Object> details() {
        return details;
    }

    /** The field violations (input that broke the operation's schema, ...), empty for none. */
    public List<Violation> violations() {
        return violations;
    }

    /** The called plugin's own code when it refused, else {@code null}. */
    public @Nullable String pluginCode() {
        Object code = details.get("pluginCode");
        return code == null ? null : String.valueOf(code);
    }
}
