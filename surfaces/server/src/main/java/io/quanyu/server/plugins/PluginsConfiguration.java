package io.quanyu.server.plugins;

import com.mongodb.client.MongoDatabase;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.Tenant;
import io.quanyu.core.tenant.TenantStatus;
import io.quanyu.marketplace.Marketplace;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.plugin.host.EnabledPlugins;
import io.quanyu.plugin.host.HostedOperations;
import io.quanyu.plugin.host.MongoInstallations;
import io.quanyu.plugin.host.PlatformContextServices;
import io.quanyu.plugin.host.PluginCalls;
import io.quanyu.plugin.runtime.SessionTokens;
import io.quanyu.plugin.host.PluginJobs;
import io.quanyu.plugin.host.PluginSettings;
import io.quanyu.plugin.host.PluginSync;
import io.quanyu.plugin.host.SecretBox;
import io.quanyu.plugin.host.TenantAccess;
import io.quanyu.plugin.host.TenantPlugins;
import io.quanyu.plugin.host.TrialLoad;
import io.quanyu.plugin.pkg.PackageLimits;
import io.quanyu.plugin.pkg.PackageReader;
import io.quanyu.plugin.runtime.PluginLimits;
import io.quanyu.plugin.runtime.PluginRuntime;
import io.quanyu.records.MetadataService;
import io.quanyu.scheduling.Scheduler;
import io.quanyu.server.config.QuanyuProperties;
import io.quanyu.server.security.BackgroundJobs;
import io.quanyu.server.tenancy.TenantDirectory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** The marketplace and the plugin host of this node. */
@Configuration(proxyBeanMethods = false)
public class PluginsConfiguration {
    /** This node's name among the nodes (its own plugin directory). */
    record PluginNode(String id) {
    }

    @Bean
    PluginNode pluginNode(io.quanyu.server.config.NodeName node) {
        return new PluginNode(node.id());
    }

    @Bean
    PackageReader packageReader() {
        return new PackageReader(PackageLimits.defaults());
    }

    /** Loads each release once before the marketplace stores it, in a scratch runtime of its own. */
    @Bean(destroyMethod = "close")
    TrialLoad trialLoad(QuanyuProperties properties, PluginNode node) {
        var p = properties.plugins();
        return new TrialLoad(nodeDirectory(p.workDir(), new PluginNode(node.id() + "-trial")),
                new PluginLimits(p.callTimeout(), p.maxConcurrentCalls(), p.logLinesPerSecond(), Duration.ofSeconds(8),
                p.backgroundTimeout()));
    }

    @Bean
    Marketplace marketplace(MongoDatabase platformDatabase, PackageReader reader, Clock clock, TrialLoad trial) {
        return new Marketplace(platformDatabase, reader, clock, trial);
    }

    @Bean
    MongoInstallations pluginInstallations(MongoDatabase platformDatabase) {
        return new MongoInstallations(platformDatabase);
    }

    @Bean
    SecretBox pluginSecretBox(QuanyuProperties properties) {
        return new SecretBox(properties.plugins().secretKey());
    }

    @Bean
    PluginSettings pluginSettings(SecretBox box) {
        return new PluginSettings(box);
    }

    /** The tenant of a plugin call, from the registry: only an active tenant's data is handed out. */
    @Bean
    TenantAccess pluginTenantAccess(TenantDirectory directory, MongoTenantDatabases databases) {
        return tenant -> {
            Tenant found = directory.find(tenant).filter(t -> t.status() == TenantStatus.ACTIVE).orElseThrow(() ->
                    new QuanyuException(ErrorCode.TENANT_UNKNOWN, Map.of("tenant", tenant.value())));
            return new TenantAccess.Handle(databases.forTenant(BackgroundJobs.contextFor(found, "plugins")), found.quotas());
        };
    }

    @Bean(destroyMethod = "close")
    PluginRuntime pluginRuntime(QuanyuProperties properties, PluginNode node, TenantAccess access, io.quanyu.records.Records records,
                                PluginSettings settings, org.springframework.beans.factory.ObjectProvider<EnabledPlugins> enabled,
                                io.quanyu.customer360.Customers customers, SecretBox box, java.time.Clock clock,
                                io.quanyu.plugin.host.PluginTasks tasks, SessionTokens sessions,
                                io.quanyu.segments.Segments segments,
                                org.springframework.beans.factory.ObjectProvider<io.quanyu.messaging.Messaging> messaging,
                                io.quanyu.core.net.EgressPolicy egress) {
        var p = properties.plugins();
        var limits = new PluginLimits(p.callTimeout(), p.maxConcurrentCalls(), p.logLinesPerSecond(), Duration.ofSeconds(8),
                p.backgroundTimeout());
        return new PluginRuntime(nodeDirectory(p.workDir(), node), limits,
                (plugin, scope) -> new PlatformContextServices(access, records, enabled.getObject(), settings,
                        new io.quanyu.plugin.host.Customer360Events(customers, segments),
                        new io.quanyu.plugin.host.PluginStores(box, clock), tasks, p.publicUrl(), sessions,
                        messaging::getObject).open(plugin, scope),
                egress);
    }

    /**
     * The platform's one policy for outgoing connections (plugins' HTTP and sockets, journeys' webhooks): public
     * addresses only, but for the hosts the operator lists in {@code quanyu.plugins.egress-allow-private}.
     */
    @Bean
    io.quanyu.core.net.EgressPolicy egressPolicy(QuanyuProperties properties) {
        return new io.quanyu.core.net.EgressPolicy(java.util.Set.copyOf(properties.plugins().egressAllowPrivate()));
    }

    private static Path nodeDirectory(Path workDir, PluginNode node) {
        try {
            removeStaleNodes(Files.createDirectories(workDir));
            return Files.createDirectories(workDir.resolve(node.id()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the plugin directory under " + workDir, e);
        }
    }

    /** Deletes the directories of nodes whose process is gone (killed before it could clean up after itself). */
    private static void removeStaleNodes(Path workDir) throws IOException {
        try (var nodes = Files.list(workDir)) {
            for (Path dir : nodes.toList()) {
                String[] parts = dir.getFileName().toString().split("-");
                if (parts.length >= 3 && parts[0].equals("node") && parts[1].matches("\\d+")
                        && ProcessHandle.of(Long.parseLong(parts[1])).isEmpty()) {
                    try (var tree = Files.walk(dir)) {
                        tree.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                }
            }
        }
    }

    @Bean
    PluginSync pluginSync(MongoInstallations installations, Marketplace marketplace, PackageReader reader,
                          PluginRuntime runtime, Clock clock) {
        return new PluginSync(installations, marketplace, reader, runtime, clock, Duration.ofSeconds(30));
    }

    @Bean
    EnabledPlugins enabledPlugins(MongoInstallations installations, PluginSync sync, QuanyuProperties properties) {
        return new EnabledPlugins(installations, sync, properties.plugins().syncInterval());
    }

    @Bean
    TenantPlugins tenantPlugins(MongoInstallations installations, Marketplace marketplace, PluginSync sync,
                                PluginRuntime runtime, MetadataService metadata, PluginSettings settings, Clock clock) {
        return new TenantPlugins(installations, marketplace, sync, runtime, metadata, settings, clock);
    }

    @Bean
    PluginCalls pluginCalls(EnabledPlugins enabled, PluginRuntime runtime, SessionTokens sessions) {
        return new PluginCalls(enabled, runtime, sessions);
    }

    /** The tenants' customer sessions, signed with a key derived from the plugin secret key (the same on every node). */
    @Bean
    SessionTokens customerSessions(QuanyuProperties properties, TenantAccess access, Clock clock) {
        byte[] secret = java.util.Base64.getDecoder().decode(properties.plugins().secretKey());
        return new SessionTokens(SessionTokens.derive(secret), clock,
                new io.quanyu.plugin.host.MongoSessionRevocations(access));
    }

    /** Plugins' one-off tasks as scheduler timers: scheduled through the plugin context, run by the runner. */
    @Bean
    io.quanyu.plugin.host.PluginTasks pluginTasks(Scheduler scheduler, Clock clock) {
        return new io.quanyu.plugin.host.PluginTasks(scheduler, clock);
    }

    @Bean
    io.quanyu.plugin.host.PluginTaskRunner pluginTaskRunner(Scheduler scheduler, TenantAccess access,
                                                            MongoInstallations installations, PluginSync sync,
                                                            PluginRuntime runtime, Clock clock) {
        return new io.quanyu.plugin.host.PluginTaskRunner(scheduler, access, installations, sync, runtime, clock);
    }

    /** Plugins' scheduled jobs as scheduler timers; the sweep that keeps each enabled job scheduled runs every 30 s. */
    @Bean
    PluginJobs pluginJobs(MongoDatabase platformDatabase, MongoInstallations installations, PluginSync sync,
                          PluginRuntime runtime, Scheduler scheduler, Clock clock) {
        return new PluginJobs(platformDatabase, installations, sync, runtime, scheduler, clock, Duration.ofSeconds(30));
    }

    /** Plugins' event subscriptions as seam subscribers, added as this node loads the releases declaring them. */
    @Bean
    io.quanyu.plugin.host.PluginSubscriptions pluginSubscriptions(io.quanyu.outbox.EventSeam seam, PluginRuntime runtime,
                                                                  MongoInstallations installations, PluginSync sync,
                                                                  TenantAccess access, io.quanyu.customer360.Customers customers) {
        return new io.quanyu.plugin.host.PluginSubscriptions(seam, runtime, installations, sync, access,
                new io.quanyu.plugin.host.Customer360Events(customers));
    }

    @Bean
    io.quanyu.plugin.host.Plugins plugins(io.quanyu.mongodb.MongoTenantDatabases databases, TenantPlugins plugins,
                                          EnabledPlugins enabled, Marketplace marketplace, PluginCalls calls,
                                          io.quanyu.plugin.host.PluginSubscriptions subscriptions) {
        return new io.quanyu.plugin.host.Plugins(databases, plugins, enabled, marketplace, calls, subscriptions);
    }

    @Bean
    io.quanyu.plugin.host.PluginSchema pluginSchema(EnabledPlugins enabled, PluginCalls calls) {
        return new io.quanyu.plugin.host.PluginSchema(new HostedOperations(enabled, calls));
    }
}
