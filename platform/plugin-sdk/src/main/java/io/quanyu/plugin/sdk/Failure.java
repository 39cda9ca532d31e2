package io.quanyu.plugin.sdk;

import java.util.Objects;

/**
 * Why an extension refused or failed a call, as a result value rather than an exception.
 *
 * @param code    a stable, upper-case code such as {@code CREDENTIALS_REJECTED}
 * @param message a message for people, without secrets
 */
@PublicApi
public record Failure(String code, String message) {
    public Failure {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
