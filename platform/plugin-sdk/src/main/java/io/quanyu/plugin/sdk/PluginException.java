package io.quanyu.plugin.sdk;

import java.util.Objects;

/**
 * A failure with a stable code, thrown by the platform's services to a plugin (for example
 * {@code RECORD_VALIDATION_FAILED}) or by a plugin to refuse a call with its own code (for example
 * {@code COUPON_EXHAUSTED}). Callers of the plugin see the code and message together with the plugin's id.
 */
@PublicApi
public class PluginException extends RuntimeException {
    private final String code;

    /**
     * @param code    a stable, upper-case code such as {@code COUPON_EXHAUSTED}
     * @param message a message for people, without secrets
     */
    public PluginException(String code, String message) {
        this(code, message, null);
    }

    public PluginException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The stable code. */
    public String code() {
        return code;
    }
}
