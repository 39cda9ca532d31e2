package io.quanyu.plugin.runtime;

import io.quanyu.core.net.EgressPolicy;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.plugin.pkg.PackageExtractor;
import io.quanyu.plugin.pkg.PluginManifest;
import io.quanyu.plugin.pkg.PluginPackage;
import io.quanyu.plugin.sdk.PluginContext;
import org.pf4j.DefaultPluginDescriptor;
import org.pf4j.PluginRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * Loads, calls and unloads plugin releases on this node while it runs. Each release gets its own directory, PF4J
 * manager and class loader; {@link #unload} stops it, closes the class loader and forgets every reference to the
 * plugin's objects, so the loader can be collected. Every call of plugin code goes through {@link Isolation}.
 */
public final class PluginRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PluginRuntime.class);
    private final Path workDir;
    private final PluginLimits limits;
    private final ContextServices services;
    private final Isolation isolation;
    private final ExtensionBinder binder;
    private final DefaultPluginHttp http;
    private final EgressPolicy egress;
    private final SdkClassLoader sdk = new SdkClassLoader(PluginRuntime.class.getClassLoader());
    private final Map<PluginKey, LoadedPlugin> loaded = new ConcurrentHashMap<>();
    /** Operations of loaded releases, for plugins' calls to each other. */
    private final Operations operations = new Operations(this);

    public PluginRuntime(Path workDir, PluginLimits limits, ContextServices services) {
        this(workDir, limits, services, EgressPolicy.strict());
    }

    /** A runtime whose plugins may reach the non-public hosts {@code egress} allows (when they declare them). */
    public PluginRuntime(Path workDir, PluginLimits limits, ContextServices services, EgressPolicy egress) {
        this.egress = egress;
        this.workDir = workDir;
        this.limits = limits;
        this.services = services;
        this.isolation = new Isolation(limits);
        this.binder = new ExtensionBinder(isolation);
        this.http = new DefaultPluginHttp(limits.httpTimeout());
    }

    /** Loads a validated package (or returns the release already loaded); fails with a code and keeps nothing. */
    public synchronized LoadedPlugin load(PluginPackage pkg) {
        PluginManifest manifest = pkg.manifest();
        PluginKey key = new PluginKey(manifest.id(), manifest.version());
        LoadedPlugin existing = loaded.get(key);
        if (existing != null) {
            return existing;
        }
        Path dir = workDir.resolve(manifest.id()).resolve(manifest.version() + "-" + pkg.sha512().substring(0, 12));
        deleteTree(dir);
        PackageExtractor.extract(pkg, dir);
        LoadedPlugin plugin = start(key, pkg, dir);
        try {
            plugin.extensions(binder.bind(plugin));
        } catch (RuntimeException e) {
            release(plugin);
            throw e;
        }
        loaded.put(key, plugin);
        LOG.info("plugin {} loaded from {}", key, dir);
        return plugin;
    }

    private LoadedPlugin start(PluginKey key, PluginPackage pkg, Path dir) {
        PluginManifest manifest = pkg.manifest();
        var descriptor = new DefaultPluginDescriptor(manifest.id(), manifest.description() == null ? manifest.name().en() : manifest.description().en(), null,
                manifest.version(), manifest.requires(), manifest.provider(), manifest.license());
        var manager = new IsolatedPluginManager(dir.getParent(), descriptor, sdk);
        var log = new ThrottledLogger(LoggerFactory.getLogger("plugin." + key.id()), limits.logLinesPerSecond());
        var plugin = new LoadedPlugin(key, manifest, pkg.objects(), pkg.sha512(), dir, manager, limits, log);
        try {
            manager.loadPlugin(dir);
            manager.startPlugin(key.id());
            return plugin;
        } catch (PluginRuntimeException | LinkageError e) {
            release(plugin);
            throw new QuanyuException(ErrorCode.PLUGIN_LOAD_FAILED, Map.of("plugin", key.id(),
                    "reason", "PF4J could not load it: " + e.getMessage()));
        }
    }

    /** Stops and forgets a release; waits up to the call timeout for its running calls to end. */
    public synchronized void unload(PluginKey key) {
        LoadedPlugin plugin = loaded.remove(key);
        if (plugin == null) {
            return;
        }
        drain(plugin);
        release(plugin);
        LOG.info("plugin {} unloaded", key);
    }

    private void drain(LoadedPlugin plugin) {
        try {
            plugin.bulkhead().awaitIdle(limits.longest(plugin.manifest().timeouts()).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void release(LoadedPlugin plugin) {
        plugin.drop();
        try {
            plugin.manager().stopPlugin(plugin.key().id());
        } catch (RuntimeException e) {
            LOG.warn("plugin {} did not stop cleanly", plugin.key(), e);
        }
        try {
            plugin.manager().unloadPlugin(plugin.key().id());
        } catch (RuntimeException e) {
            LOG.warn("plugin {} did not unload cleanly", plugin.key(), e);
        }
        deleteTree(plugin.directory());
    }

    public Optional<LoadedPlugin> loaded(PluginKey key) {
        return Optional.ofNullable(loaded.get(key));
    }

    public Set<PluginKey> loadedKeys() {
        return Set.copyOf(loaded.keySet());
    }

    /**
     * Calls one extension of a loaded release for one tenant: {@code body} receives the extension and a context
     * that sees only {@code scope}'s tenant, and runs isolated (timeout, bulkhead, the plugin's class loader). Turn
     * what the plugin returns into platform values inside {@code body} (see {@link JsonValues}).
     *
     * @param call how errors and logs name the call, for example {@code operation greet}
     */
    public <E, R> R call(PluginKey key, ExtensionKind kind, String name, CallScope scope, String call,
                         BiFunction<E, PluginContext, R> body) {
        LoadedPlugin plugin = loaded(key).orElseThrow(() -> new QuanyuException(ErrorCode.PLUGIN_NOT_FOUND,
                Map.of("plugin", key.toString())));
        @SuppressWarnings("unchecked")
        E extension = (E) plugin.extension(kind, name).orElseThrow(() -> new QuanyuException(
                ErrorCode.PLUGIN_EXTENSION_MISSING, Map.of("plugin", key.id(), "kind", kind.label(), "name", name)));
        java.time.Duration timeout = limits.timeoutFor(kind, plugin.manifest().timeouts());
        java.time.Instant deadline = java.time.Instant.now().plus(timeout);
        return isolation.call(plugin, call, scope, timeout, PluginLimits.BACKGROUND.contains(kind), () -> {
            ContextServices.Bundle bundle = services.open(key, scope);
            CallContext context = new CallContext(key, scope, bundle, plugin.log(),
                    http.forRelease(Egress.of(plugin.manifest().egress(), () -> plugin.manifest().egressSettings().isEmpty()
                            ? java.util.List.of() : Egress.hosts(bundle.settings().all(), plugin.manifest().egressSettings()), egress)),
                    plugin.manifest(), deadline,
                    new PluginToPlugin(key, plugin.manifest(), scope, bundle.plugins(), operations));
            try {
                return body.apply(extension, context);
            } finally {
                context.close();
            }
        });
    }

    /** Whether the release's manifest declares the webhook at {@code path} with {@code "auth": "customer"}. */
    public boolean customerWebhook(PluginKey key, String path) {
        return loaded(key).map(p -> p.manifest().webhooks().stream().anyMatch(w -> w.path().equals(path) && w.customer()))
                .orElse(false);
    }

    /** Whether the release has an extension of this kind and name. */
    public boolean has(PluginKey key, ExtensionKind kind, String name) {
        return loaded(key).flatMap(p -> p.extension(kind, name)).isPresent();
    }

    /** A weak reference to a release's class loader, to prove in tests that unloading lets it be collected. */
    public Optional<WeakReference<ClassLoader>> classLoaderReference(PluginKey key) {
        return loaded(key).map(p -> new WeakReference<>(p.classLoader()));
    }

    @Override
    public synchronized void close() {
        loadedKeys().forEach(this::unload);
        http.close();
        try (Stream<Path> left = Files.exists(workDir) ? Files.walk(workDir) : Stream.empty()) {
            left.sorted(Comparator.reverseOrder()).filter(Files::isDirectory).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not tidy the plugin directory {}", workDir, e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
