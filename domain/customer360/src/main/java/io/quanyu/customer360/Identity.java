package io.quanyu.customer360;

import org.jspecify.annotations.Nullable;

/**
 * One normalised identity: its type, its scope for scoped types (else null), and its value. {@link #key()} is its
 * unique key within a tenant.
 */
public record Identity(String type, @Nullable String scope, String value) {

    public String key() {
        return type + "|" + (scope == null ? "" : scope) + "|" + value;
    }
}
