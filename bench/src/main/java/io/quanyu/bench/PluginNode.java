package io.quanyu.bench;

import com.mongodb.client.MongoClient;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.graphql.GraphqlEngine;
import io.quanyu.graphql.RequestScope;
import io.quanyu.marketplace.Marketplace;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.plugin.host.EnabledPlugins;
import io.quanyu.plugin.host.HostedOperations;
import io.quanyu.plugin.host.MongoInstallations;
import io.quanyu.plugin.host.PlatformContextServices;
import io.quanyu.plugin.host.PluginCalls;
import io.quanyu.plugin.host.PluginSettings;
import io.quanyu.plugin.host.PluginSync;
import io.quanyu.plugin.host.SecretBox;
import io.quanyu.plugin.host.TenantAccess;
import io.quanyu.plugin.host.TenantPlugins;
import io.quanyu.plugin.testkit.PluginZipBuilder;
import io.quanyu.plugin.pkg.PackageLimits;
import io.quanyu.plugin.pkg.PackageReader;
import io.quanyu.plugin.runtime.PluginLimits;
import io.quanyu.plugin.runtime.PluginRuntime;
import io.quanyu.records.MetadataService;
import io.quanyu.records.RecordService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * One server node's plugin host and GraphQL engine on a shared MongoDB, wired as the server wires them (and as the
 * plugin host's test {@code Node} does), except that the enabled-plugins cache lives {@code syncInterval}, as in the
 * server.
 */
final class PluginNode implements AutoCloseable {
    static final io.quanyu.plugin.runtime.SessionTokens SESSIONS = new io.quanyu.plugin.runtime.SessionTokens(new byte[32], java.time.Clock.systemUTC(), io.quanyu.plugin.runtime.SessionTokens.Revocations.inMemory());
    private static final String KEY = java.util.Base64.getEncoder().encodeToString(new byte[32]);
    final Marketplace marketplace;
    final PluginRuntime runtime;
    final PluginSync sync;
    final EnabledPlugins enabled;
    final TenantPlugins plugins;
    final GraphqlEngine engine;
    /** The event seam over the {@link #served} tenants, with no subscriber until one is added (not started). */
    final io.quanyu.outbox.EventSeam seam;
    final Set<TenantId> served = java.util.concurrent.ConcurrentHashMap.newKeySet();
    final io.quanyu.customer360.Customers customers;
    final io.quanyu.plugin.host.PluginSubscriptions subscriptions;
    /** The node's scheduler, which runs plugins' tasks once {@link #startTasks()} started it. */
    final io.quanyu.scheduling.DefaultScheduler scheduler;
    /** Plugins' tasks on the node's scheduler, as the SDK's {@code Tasks} of a tenant and plugin. */
    final io.quanyu.plugin.host.PluginTasks tasks;
    private final MetadataService metadata = new MetadataService(Clock.systemUTC(), Executors.newVirtualThreadPerTaskExecutor());
    private final RecordService records = new RecordService(metadata, Clock.systemUTC());
    private final io.quanyu.records.Records guarded;
    private final MongoClient client;
    private final Path workDir;
    private boolean published;

    PluginNode(MongoClient client, String platformDb, String name, Duration syncInterval) throws IOException {
        this.client = client;
        var db = client.getDatabase(platformDb);
        var reader = new PackageReader(PackageLimits.defaults());
        var installations = new MongoInstallations(db);
        marketplace = new Marketplace(db, reader, Clock.systemUTC());
        PluginSettings settings = new PluginSettings(new SecretBox(KEY));
        var holder = new EnabledPlugins[1];
        TenantAccess access = tenant -> new TenantAccess.Handle(database(tenant), Quotas.DEFAULT);
        var databases = new io.quanyu.mongodb.MongoTenantDatabases(client);
        guarded = new io.quanyu.records.Records(databases, metadata, records, null);
        workDir = Files.createTempDirectory("quanyu-bench-" + name);
        scheduler = new io.quanyu.scheduling.DefaultScheduler(db, Clock.systemUTC(), io.quanyu.scheduling.SchedulerOptions
                .defaults().withNodeId(name).withBucket(Duration.ofSeconds(1)).withPollInterval(Duration.ofMillis(20)));
        tasks = new io.quanyu.plugin.host.PluginTasks(scheduler, Clock.systemUTC());
        seam = new io.quanyu.outbox.EventSeam(() -> served.stream().map(this::database).toList(),
                io.quanyu.outbox.SeamOptions.defaults(name), Clock.systemUTC());
        customers = new io.quanyu.customer360.Customers(databases,
                new io.quanyu.customer360.Customer360(metadata, records, Clock.systemUTC(), seam), guarded);
        runtime = new PluginRuntime(workDir, PluginLimits.defaults(),
                (plugin, scope) -> new PlatformContextServices(access, guarded, holder[0], settings,
                        new io.quanyu.plugin.host.Customer360Events(customers),
                        new io.quanyu.plugin.host.PluginStores(new SecretBox(KEY), Clock.systemUTC()),
                        tasks, "http://localhost:8080", SESSIONS)
                        .open(plugin, scope));
        sync = new PluginSync(installations, marketplace, reader, runtime, Clock.systemUTC(), Duration.ofSeconds(30));
        enabled = new EnabledPlugins(installations, sync, syncInterval);
        holder[0] = enabled;
        plugins = new TenantPlugins(installations, marketplace, sync, runtime, metadata, settings, Clock.systemUTC());
        new io.quanyu.plugin.host.PluginTaskRunner(scheduler, access, installations, sync, runtime, Clock.systemUTC());
        subscriptions = new io.quanyu.plugin.host.PluginSubscriptions(seam, runtime, installations, sync, access,
                new io.quanyu.plugin.host.Customer360Events(customers));
        engine = new GraphqlEngine(new GraphqlEngine.Limits(10, 20_000, Duration.ofSeconds(10), 2_000),
                java.util.List.of(new io.quanyu.plugin.host.PluginSchema(new HostedOperations(enabled, new PluginCalls(enabled, runtime, SESSIONS)))));
    }

    TenantDatabase database(TenantId tenant) {
        return new MongoTenantDatabases(client).forTenant(new TenantContext(tenant, "u", "admin", Set.of(Role.TENANT_ADMIN), false));
    }

    /** A tenant administrator's GraphQL request scope. */
    RequestScope scope(TenantId tenant) {
        var call = new io.quanyu.core.call.CallContext(tenant, "admin", Set.of(io.quanyu.core.tenant.Role.TENANT_ADMIN),
                Quotas.DEFAULT, null, null);
        return new RequestScope(call, RequestScope.Capability.WRITE_DATA, guarded);
    }

    /**
     * Publishes the newest release of a first-party plugin the build made (signed with {@code key}, registered for
     * the publisher {@code quanyu} the first time), installs and enables it for the tenant.
     */
    void installFirstParty(TenantId tenant, String pluginId, java.security.KeyPair key) throws Exception {
        Path release = latestRelease(pluginId);
        byte[] zip = Files.readAllBytes(release);
        if (!published) {
            marketplace.registerKey("quanyu", PluginBenchmark.pem(key.getPublic()));
            published = true;
        }
        marketplace.publish("quanyu", zip, io.quanyu.plugin.testkit.PluginZipBuilder.sign(zip, key.getPrivate()), false);
        plugins.install(database(tenant), Quotas.DEFAULT, "admin", pluginId,
                io.quanyu.plugin.testkit.PluginZipBuilder.releaseVersion(release).toString());
        plugins.enable(database(tenant), Quotas.DEFAULT, "admin", pluginId, java.util.Map.of());
        enabled.forget(tenant);
    }

    /**
     * Creates records of a plugin's object as the plugin's own calls do (through the records service, each under its
     * key), 1,000 a call: what a benchmark seeds faster than through the plugin's operations.
     */
    void createAsPlugin(TenantId tenant, String pluginId, String object, java.util.List<String> keys,
                        java.util.List<tools.jackson.databind.JsonNode> values) {
        var call = io.quanyu.core.call.CallContext.ofPlugin(tenant, pluginId, "bench via " + pluginId,
                Set.of(Role.TENANT_ADMIN), Quotas.DEFAULT, "bench");
        for (int from = 0; from < keys.size(); from += 1_000) {
            int to = Math.min(keys.size(), from + 1_000);
            guarded.createAllByKey(call, object, keys.subList(from, to), values.subList(from, to));
        }
    }

    /** Starts the node's scheduler: plugins' tasks run from then on. */
    void startTasks() {
        scheduler.start();
    }

    @Override
    public void close() {
        seam.close();
        scheduler.close();
        runtime.close();
        deleteTree(workDir);
    }

    /** The newest release of a first-party plugin the build made, run from the project's root or from {@code bench/}. */
    static Path latestRelease(String pluginId) {
        Path here = Path.of("plugins", pluginId, "target");
        return PluginZipBuilder.newestRelease(Files.isDirectory(here) ? here : Path.of("..").resolve(here), pluginId);
    }

    /** A release the build made, by its path from the project's root, run from the root or from {@code bench/}. */
    static Path release(Path relative) {
        Path here = relative.toAbsolutePath();
        return Files.isRegularFile(here) ? here : Path.of("..").resolve(relative).toAbsolutePath().normalize();
    }

    /** Deletes the directory and what is left in it (the plugin runtime removes it itself when it closes). */
    static void deleteTree(Path dir) {
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
