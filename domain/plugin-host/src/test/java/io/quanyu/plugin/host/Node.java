package io.quanyu.plugin.host;

import com.mongodb.client.MongoClient;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.marketplace.Marketplace;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.plugin.pkg.PackageLimits;
import io.quanyu.plugin.pkg.PackageReader;
import io.quanyu.plugin.runtime.PluginLimits;
import io.quanyu.plugin.runtime.PluginRuntime;
import io.quanyu.records.MetadataService;
import io.quanyu.records.RecordService;
import io.quanyu.scheduling.DefaultScheduler;
import io.quanyu.scheduling.SchedulerOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Executors;

/** One server node's plugin host, wired as the server wires it, on a shared MongoDB. */
final class Node implements AutoCloseable {
    static final io.quanyu.plugin.runtime.SessionTokens SESSIONS = new io.quanyu.plugin.runtime.SessionTokens(new byte[32], java.time.Clock.systemUTC(), io.quanyu.plugin.runtime.SessionTokens.Revocations.inMemory());
    static final String KEY = java.util.Base64.getEncoder().encodeToString(new byte[32]);
    final MongoInstallations installations;
    final Marketplace marketplace;
    final PluginRuntime runtime;
    final PluginSync sync;
    final EnabledPlugins enabled;
    final TenantPlugins plugins;
    final PluginCalls calls;
    final PluginJobs jobs;
    final DefaultScheduler scheduler;
    final PluginTasks tasks;
    final PluginTaskRunner taskRunner;
    /** The event seam over the {@link #served} tenants (not started: call {@code seam.start()}). */
    final io.quanyu.outbox.EventSeam seam;
    final java.util.Set<TenantId> served = java.util.concurrent.ConcurrentHashMap.newKeySet();
    final io.quanyu.customer360.Customers customers;
    final PluginSubscriptions subscriptions;
    /** The guarded records service every surface calls. */
    final io.quanyu.records.Records guarded;
    final MetadataService metadata = new MetadataService(Clock.systemUTC(), Executors.newVirtualThreadPerTaskExecutor());
    final RecordService records = new RecordService(metadata, Clock.systemUTC());
    private final MongoClient client;

    Node(MongoClient client, String platformDb, String name) throws Exception {
        this(client, platformDb, name, Clock.systemUTC());
    }

    /** A node whose scheduler and jobs read {@code clock} (not started: call {@code scheduler.start()}). */
    Node(MongoClient client, String platformDb, String name, Clock clock) throws Exception {
        this.client = client;
        var db = client.getDatabase(platformDb);
        var reader = new PackageReader(PackageLimits.defaults());
        installations = new MongoInstallations(db);
        marketplace = new Marketplace(db, reader, Clock.systemUTC());
        PluginSettings settings = new PluginSettings(new SecretBox(KEY));
        var holder = new EnabledPlugins[1];
        var tasksHolder = new PluginTasks[1];
        guarded = new io.quanyu.records.Records(new MongoTenantDatabases(client), metadata, records, null);
        TenantAccess access = tenant -> new TenantAccess.Handle(database(tenant), Quotas.DEFAULT);
        seam = new io.quanyu.outbox.EventSeam(() -> served.stream().map(this::database).toList(),
                io.quanyu.outbox.SeamOptions.defaults(name).withTimings(50, 1_000, 1_000, 2_000).withRetries(5, 100),
                Clock.systemUTC());
        customers = new io.quanyu.customer360.Customers(new MongoTenantDatabases(client),
                new io.quanyu.customer360.Customer360(metadata, records, Clock.systemUTC(), seam), guarded);
        runtime = new PluginRuntime(Files.createTempDirectory("quanyu-" + name), PluginLimits.defaults(),
                (plugin, scope) -> new PlatformContextServices(access, guarded, holder[0], settings,
                        new Customer360Events(customers), new PluginStores(new SecretBox(KEY), clock), tasksHolder[0], "http://localhost:8080", SESSIONS)
                        .open(plugin, scope));
        sync = new PluginSync(installations, marketplace, reader, runtime, Clock.systemUTC(), Duration.ofSeconds(30));
        enabled = new EnabledPlugins(installations, sync, Duration.ofMillis(200));
        holder[0] = enabled;
        plugins = new TenantPlugins(installations, marketplace, sync, runtime, metadata, settings, Clock.systemUTC());
        calls = new PluginCalls(enabled, runtime, SESSIONS);
        scheduler = new DefaultScheduler(db, clock, SchedulerOptions.defaults().withNodeId(name)
                .withBucket(Duration.ofSeconds(1)).withPollInterval(Duration.ofMillis(20)).withLease(Duration.ofSeconds(5)));
        jobs = new PluginJobs(db, installations, sync, runtime, scheduler, clock, Duration.ofMinutes(1));
        tasks = new PluginTasks(scheduler, clock);
        tasksHolder[0] = tasks;
        taskRunner = new PluginTaskRunner(scheduler, access, installations, sync, runtime, clock);
        subscriptions = new PluginSubscriptions(seam, runtime, installations, sync, access, new Customer360Events(customers));
    }

    TenantDatabase database(TenantId tenant) {
        return new MongoTenantDatabases(client).forTenant(new TenantContext(tenant, "u", "admin", Set.of(Role.TENANT_ADMIN), false));
    }

    @Override
    public void close() {
        seam.close();
        scheduler.close();
        runtime.close();
    }
}
