package io.quanyu.plugin.host;

import io.quanyu.marketplace.Marketplace;
import io.quanyu.plugin.pkg.PackageReader;
import io.quanyu.plugin.runtime.LoadedPlugin;
import io.quanyu.plugin.runtime.PluginKey;
import io.quanyu.plugin.runtime.PluginRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps this node's loaded plugins equal to the releases tenants have installed, on every node. {@link #tick()}
 * (scheduled about every second) reads the installation generation, one tiny query; when it moved, or every
 * {@code fullCheck}, it loads the releases in use that are missing here (from the marketplace, checked again) and
 * unloads the ones nobody uses. {@link #ensureLoaded} loads a release at once when a request needs it before the
 * next tick. A release that fails to load is retried with growing pauses, never in a tight loop.
 */
public final class PluginSync {
    private static final Logger LOG = LoggerFactory.getLogger(PluginSync.class);
    private final MongoInstallations installations;
    private final Marketplace marketplace;
    private final PackageReader reader;
    private final PluginRuntime runtime;
    private final Clock clock;
    private final Duration fullCheck;
    private final Map<PluginKey, Instant> retryAfter = new ConcurrentHashMap<>();
    private final Map<PluginKey, Integer> failures = new ConcurrentHashMap<>();
    private volatile long seenGeneration = -1;
    private volatile Instant lastFullCheck = Instant.EPOCH;

    public PluginSync(MongoInstallations installations, Marketplace marketplace, PackageReader reader,
                      PluginRuntime runtime, Clock clock, Duration fullCheck) {
        this.installations = installations;
        this.marketplace = marketplace;
        this.reader = reader;
        this.runtime = runtime;
        this.clock = clock;
        this.fullCheck = fullCheck;
    }

    /** Reconciles when anything changed since the last tick (on any node). */
    public void tick() {
        long generation = installations.generation();
        boolean due = Duration.between(lastFullCheck, clock.instant()).compareTo(fullCheck) >= 0;
        if (generation == seenGeneration && !due) {
            return;
        }
        reconcile();
        seenGeneration = generation;
        lastFullCheck = clock.instant();
    }

    private void reconcile() {
        Set<PluginKey> wanted = installations.releasesInUse();
        for (PluginKey key : wanted) {
            if (runtime.loaded(key).isEmpty() && clock.instant().isAfter(retryAfter.getOrDefault(key, Instant.EPOCH))) {
                tryLoad(key);
            }
        }
        for (PluginKey key : runtime.loadedKeys()) {
            if (!wanted.contains(key)) {
                runtime.unload(key);
            }
        }
    }

    private void tryLoad(PluginKey key) {
        try {
            ensureLoaded(key);
            failures.remove(key);
            retryAfter.remove(key);
        } catch (RuntimeException e) {
            int n = failures.merge(key, 1, Integer::sum);
            retryAfter.put(key, clock.instant().plusSeconds(Math.min(300, 1L << Math.min(n, 8))));
            LOG.error("plugin {} could not be loaded on this node (attempt {})", key, n, e);
        }
    }

    /** The loaded release, loading it now from the marketplace if this node does not have it yet. */
    public LoadedPlugin ensureLoaded(PluginKey key) {
        return runtime.loaded(key).orElseGet(() -> runtime.load(
                reader.read(marketplace.download(key.id(), key.version(), true))));
    }

    /** Unloads a release if no tenant uses it any more (right after an uninstall or upgrade on this node). */
    public void releaseIfUnused(PluginKey key) {
        if (!installations.releasesInUse().contains(key)) {
            runtime.unload(key);
        }
    }
}
