package io.quanyu.plugin.sdk;

import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.Optional;

/**
 * The plugin's private key-value store for one tenant: invisible to tenant users and to other plugins, not counted
 * against the tenant's record quota, durable, and atomic per key. For leases and locks ({@link #putIfAbsent}),
 * de-duplication of callbacks, state machines ({@link #replace}, compare-and-set on the entry's version), rate and
 * velocity counters ({@link #increment}) and cached tokens ({@link #sealed()}).
 * <p>
 * Keys are 1 to {@value #MAX_KEY_LENGTH} characters of letters, digits and {@code . _ : / @ -}. Values are JSON
 * values: {@code String}, {@code Number}, {@code Boolean}, {@code List} and {@code Map<String, ?>} of those, at most
 * {@value #MAX_VALUE_BYTES} bytes as JSON; numbers come back as {@code Long} or {@code Double}. A time to live
 * ({@code ttl}) of at least one second and at most 400 days makes an entry expire; null keeps it until deleted. An
 * expired entry is gone for every call, as if deleted. Failures are {@link PluginException}s:
 * {@code STORE_KEY_INVALID}, {@code STORE_VALUE_INVALID}, {@code STORE_VALUE_TOO_LARGE}, {@code STORE_TTL_INVALID},
 * {@code STORE_NOT_A_COUNTER}.
 *
 * @since 1.1
 */
@PublicApi
public interface PluginStore {
    /** The longest key. */
    int MAX_KEY_LENGTH = 256;
    /** The largest value, as JSON. */
    int MAX_VALUE_BYTES = 64 * 1024;

    /** The entry, or empty when there is none (or it expired). */
    Optional<StoreEntry> get(String key);

    /** Writes the entry whatever was there (its version goes up by one) and answers it. */
    StoreEntry put(String key, Object value, @Nullable Duration ttl);

    /** Writes the entry only when the key has none (or an expired one); answers whether it did. */
    boolean putIfAbsent(String key, Object value, @Nullable Duration ttl);

    /**
     * Writes the entry only when it is still at {@code expectedVersion}; answers the new entry, or empty when the
     * entry changed, expired or is gone.
     */
    Optional<StoreEntry> replace(String key, long expectedVersion, Object value, @Nullable Duration ttl);

    /**
     * Adds {@code delta} to the counter at {@code key} in one atomic step and answers the new count. A missing or
     * expired counter starts from zero, with {@code ttl} from now (so a window counter such as
     * {@code "sends:" + minute} lives one window); an existing one keeps its expiry.
     *
     * @throws PluginException {@code STORE_NOT_A_COUNTER} when the key holds something else than a whole number
     */
    long increment(String key, long delta, @Nullable Duration ttl);

    /** Deletes the entry; answers whether there was one. */
    boolean delete(String key);

    /**
     * The same store for secrets at rest (access tokens, refresh tokens): values are encrypted with the platform's
     * key, bound to the tenant, the plugin and the key, and kept apart from the plain entries. Counters are not
     * sealed ({@code STORE_NOT_A_COUNTER}).
     */
    PluginStore sealed();
}
