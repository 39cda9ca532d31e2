package io.quanyu.plugin.runtime;

import io.quanyu.plugin.pkg.PluginManifest;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * One plugin release loaded on this node: its manifest, its class loader (through its own PF4J manager), one
 * instance of each extension by kind and name, its bulkhead and its logger.
 */
public final class LoadedPlugin {
    private final PluginKey key;
    private final PluginManifest manifest;
    private final String sha512;
    private final java.util.List<io.quanyu.objects.model.ObjectType> objects;
    private final Path directory;
    private final IsolatedPluginManager manager;
    private final Bulkhead bulkhead;
    private final int maxConcurrentCalls;
    private final ThrottledLogger log;
    private volatile Map<ExtensionKind, Map<String, Object>> extensions = Map.of();
    private final Map<String, com.networknt.schema.Schema> schemas = new java.util.concurrent.ConcurrentHashMap<>();

    LoadedPlugin(PluginKey key, PluginManifest manifest, java.util.List<io.quanyu.objects.model.ObjectType> objects,
                 String sha512, Path directory, IsolatedPluginManager manager, PluginLimits limits, ThrottledLogger log) {
        this.key = key;
        this.objects = java.util.List.copyOf(objects);
        this.manifest = manifest;
        this.sha512 = sha512;
        this.directory = directory;
        this.manager = manager;
        this.maxConcurrentCalls = limits.maxConcurrentCalls();
        this.bulkhead = new Bulkhead(maxConcurrentCalls);
        this.log = log;
    }

    public PluginKey key() {
        return key;
    }

    public PluginManifest manifest() {
        return manifest;
    }

    /** The object types the release contributes (platform values, safe to keep). */
    public java.util.List<io.quanyu.objects.model.ObjectType> objects() {
        return objects;
    }

    /** The sha512 of the package this was loaded from. */
    public String sha512() {
        return sha512;
    }

    /** Log lines this plugin lost to throttling so far. */
    public long droppedLogLines() {
        return log.dropped();
    }

    /** Calls of this plugin running now (including ones its callers gave up on that have not ended). */
    public int runningCalls() {
        return bulkhead.inUse();
    }

    Bulkhead bulkhead() {
        return bulkhead;
    }

    ThrottledLogger log() {
        return log;
    }

    Path directory() {
        return directory;
    }

    IsolatedPluginManager manager() {
        return manager;
    }

    ClassLoader classLoader() {
        return manager.getPluginClassLoader(key.id());
    }

    void extensions(Map<ExtensionKind, Map<String, Object>> byKind) {
        this.extensions = Map.copyOf(byKind);
    }

    Optional<Object> extension(ExtensionKind kind, String name) {
        return Optional.ofNullable(extensions.getOrDefault(kind, Map.of()).get(name));
    }

    boolean has(ExtensionKind kind) {
        return !extensions.getOrDefault(kind, Map.of()).isEmpty();
    }

    void drop() {
        extensions = Map.of();
        schemas.clear();
    }

    /** A compiled JSON Schema of this release's manifest, compiled once. */
    com.networknt.schema.Schema schema(tools.jackson.databind.JsonNode schema) {
        return schemas.computeIfAbsent(schema.toString(), k -> io.quanyu.objects.schema.JsonSchemas.compile(schema));
    }
}
