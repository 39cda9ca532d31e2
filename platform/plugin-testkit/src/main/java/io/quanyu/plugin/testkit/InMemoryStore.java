package io.quanyu.plugin.testkit;

import io.quanyu.plugin.runtime.StoreRules;
import io.quanyu.plugin.sdk.PluginStore;
import io.quanyu.plugin.sdk.StoreEntry;
import org.jspecify.annotations.Nullable;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One plugin's private store for one tenant, in memory, with the platform's rules ({@link StoreRules}: keys, JSON
 * values and their size, times to live) and its semantics: versions that go up on every write, expiry by the test
 * host's clock, counters that start again after they expire, sealed entries kept apart. Values are kept as copies,
 * as the platform keeps them.
 */
final class InMemoryStore implements PluginStore {
    private final Map<String, StoreEntry> entries;
    private final Clock clock;
    private final String prefix;

    InMemoryStore(Map<String, StoreEntry> entries, Clock clock) {
        this(entries, clock, "p|");
    }

    private InMemoryStore(Map<String, StoreEntry> entries, Clock clock, String prefix) {
        this.entries = entries;
        this.clock = clock;
        this.prefix = prefix;
    }

    @Override
    public synchronized Optional<StoreEntry> get(String key) {
        return live(key);
    }

    @Override
    public synchronized StoreEntry put(String key, Object value, @Nullable Duration ttl) {
        return write(key, value, ttl);
    }

    @Override
    public synchronized boolean putIfAbsent(String key, Object value, @Nullable Duration ttl) {
        Object copy = StoreRules.value(value);
        Duration checked = StoreRules.ttl(ttl);
        if (live(key).isPresent()) {
            return false;
        }
        store(key, copy, checked);
        return true;
    }

    @Override
    public synchronized Optional<StoreEntry> replace(String key, long expectedVersion, Object value,
                                                     @Nullable Duration ttl) {
        Object copy = StoreRules.value(value);
        Duration checked = StoreRules.ttl(ttl);
        if (live(key).filter(e -> e.version() == expectedVersion).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(store(key, copy, checked));
    }

    @Override
    public synchronized long increment(String key, long delta, @Nullable Duration ttl) {
        StoreRules.ttl(ttl);
        if (!prefix.equals("p|")) {
            throw StoreRules.notACounter(key);
        }
        Optional<StoreEntry> current = live(key);
        if (current.isEmpty()) {
            write(key, delta, ttl);
            return delta;
        }
        if (!(current.get().value() instanceof Long count)) {
            throw StoreRules.notACounter(key);
        }
        StoreEntry e = current.get();
        entries.put(prefix + key, new StoreEntry(key, count + delta, e.version() + 1, e.expiresAt()));
        return count + delta;
    }

    @Override
    public synchronized boolean delete(String key) {
        boolean was = live(key).isPresent();
        entries.remove(prefix + StoreRules.key(key));
        return was;
    }

    @Override
    public PluginStore sealed() {
        return new InMemoryStore(entries, clock, "s|");
    }

    private Optional<StoreEntry> live(String key) {
        StoreEntry e = entries.get(prefix + StoreRules.key(key));
        return e == null || (e.expiresAt() != null && !e.expiresAt().isAfter(clock.instant()))
                ? Optional.empty() : Optional.of(e);
    }

    private StoreEntry write(String key, Object value, @Nullable Duration ttl) {
        return store(key, StoreRules.value(value), StoreRules.ttl(ttl));
    }

    /** Writes a value and time to live already checked by {@link StoreRules}. */
    private StoreEntry store(String key, Object copy, @Nullable Duration checked) {
        StoreEntry before = entries.get(prefix + StoreRules.key(key));
        Instant expires = checked == null ? null : clock.instant().plus(checked);
        StoreEntry after = new StoreEntry(key, copy, before == null ? 1 : before.version() + 1, expires);
        entries.put(prefix + key, after);
        return after;
    }

    static Map<String, StoreEntry> newEntries() {
        return new ConcurrentHashMap<>();
    }
}
