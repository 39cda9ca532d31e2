package io.quanyu.plugin.sdk;

import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a {@link PluginStore}.
 *
 * @param key       its key
 * @param value     its value (a JSON value)
 * @param version   1 when written first, one more on every write; the token of {@link PluginStore#replace}
 * @param expiresAt when it expires, or null when it does not
 * @since 1.1
 */
@PublicApi
public record StoreEntry(String key, Object value, long version, @Nullable Instant expiresAt) {
    public StoreEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}
