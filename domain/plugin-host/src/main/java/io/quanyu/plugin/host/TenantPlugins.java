package io.quanyu.plugin.host;

import com.mongodb.client.model.Updates;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.marketplace.Marketplace;
import io.quanyu.marketplace.Release;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.objects.model.ObjectType;
import io.quanyu.objects.schema.ObjectTypeParser;
import io.quanyu.plugin.pkg.PluginManifest;
import io.quanyu.plugin.runtime.CallScope;
import io.quanyu.plugin.runtime.ExtensionKind;
import io.quanyu.plugin.runtime.LoadedPlugin;
import io.quanyu.plugin.runtime.PluginKey;
import io.quanyu.plugin.runtime.PluginRuntime;
import io.quanyu.plugin.sdk.Sdk;
import io.quanyu.plugin.sdk.TenantActivation;
import io.quanyu.records.MetadataService;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a tenant does with plugins: install a marketplace release (loaded on this node first, so a release that
 * cannot load is refused before anything is recorded), enable it with settings (checked against the settings
 * schema and by the plugin's {@link TenantActivation}; its object types are installed then and kept when it is
 * disabled), change settings, disable, upgrade (no downgrade unless forced) and uninstall. Every change is one
 * atomic write of the installation; other nodes follow through {@link PluginSync}.
 */
public final class TenantPlugins {
    private static final Logger LOG = LoggerFactory.getLogger(TenantPlugins.class);
    private final MongoInstallations installations;
    private final Marketplace marketplace;
    private final PluginSync sync;
    private final PluginRuntime runtime;
    private final MetadataService metadata;
    private final PluginSettings settings;
    private final Clock clock;

    public TenantPlugins(MongoInstallations installations, Marketplace marketplace, PluginSync sync,
                         PluginRuntime runtime, MetadataService metadata, PluginSettings settings, Clock clock) {
        this.installations = installations;
        this.marketplace = marketplace;
        this.sync = sync;
        this.runtime = runtime;
        this.metadata = metadata;
        this.settings = settings;
        this.clock = clock;
    }

    public List<Installation> list(TenantId tenant) {
        return installations.list(tenant);
    }

    public Installation get(TenantId tenant, String pluginId) {
        return installations.get(tenant, pluginId);
    }

    /** The manifest of the release a tenant has installed. */
    public PluginManifest manifest(Installation installation) {
        return sync.ensureLoaded(installation.key()).manifest();
    }

    /** Installs a release (the newest compatible one when {@code version} is null), disabled until enabled. */
    public Installation install(TenantDatabase db, Quotas quotas, String actor, String pluginId, @Nullable String version) {
        TenantId tenant = db.tenant();
        installations.find(tenant, pluginId).ifPresent(i -> {
            throw new QuanyuException(ErrorCode.PLUGIN_ALREADY_INSTALLED, Map.of("plugin", pluginId, "version", i.version()));
        });
        if (installations.count(tenant) >= quotas.maxPlugins()) {
            throw new QuanyuException(ErrorCode.QUOTA_EXCEEDED, Map.of("limit", quotas.maxPlugins(), "resource", "plugins"));
        }
        Release release = installable(pluginId, version);
        sync.ensureLoaded(new PluginKey(pluginId, release.version()));
        Instant now = MongoInstallations.now(clock);
        Installation installation = new Installation(tenant, pluginId, release.version(), false, Map.of(), Map.of(),
                now, actor, now, actor, null);
        installations.insert(installation);
        LOG.info("plugin {} {} installed by {}", pluginId, release.version(), actor);
        return installation;
    }

    private Release installable(String pluginId, @Nullable String version) {
        if (version == null) {
            return marketplace.releases(pluginId).stream().filter(r -> !r.yanked() && Sdk.satisfies(r.requires()))
                    .findFirst().orElseThrow(() -> new QuanyuException(ErrorCode.PLUGIN_RELEASE_NOT_FOUND,
                            Map.of("plugin", pluginId, "version", "compatible with SDK " + Sdk.VERSION)));
        }
        Release release = marketplace.release(pluginId, version);
        if (release.yanked()) {
            throw new QuanyuException(ErrorCode.PLUGIN_RELEASE_YANKED, Map.of("plugin", pluginId, "version", version));
        }
        if (!Sdk.satisfies(release.requires())) {
            throw new QuanyuException(ErrorCode.PLUGIN_SDK_INCOMPATIBLE, Map.of("plugin", pluginId,
                    "requires", release.requires(), "sdk", Sdk.VERSION));
        }
        return release;
    }

    /**
     * Enables the plugin for the tenant with {@code incoming} settings merged over the stored ones (null keeps them),
     * after the schema and the plugin's activation hook accept them; installs its object types the tenant lacks.
     */
    public Installation enable(TenantDatabase db, Quotas quotas, String actor, String pluginId,
                               @Nullable Map<String, Object> incoming) {
        Installation current = installations.get(db.tenant(), pluginId);
        LoadedPlugin plugin = sync.ensureLoaded(current.key());
        PluginSettings.Stored stored = checkedSettings(plugin, current, incoming == null ? Map.of() : incoming, actor);
        installObjects(db, quotas, actor, plugin);
        java.util.Date since = current.enabled() && current.enabledSince() != null ? java.util.Date.from(current.enabledSince())
                : java.util.Date.from(MongoInstallations.now(clock));
        Installation enabled = installations.update(current, Updates.set("enabled", true), Updates.set("enabledSince", since),
                Updates.set("settings", new org.bson.Document(stored.plain())),
                Updates.set("secrets", new org.bson.Document(stored.secrets())), touched(actor));
        LOG.info("plugin {} enabled by {}", current.key(), actor);
        return enabled;
    }

    /** Saves new settings; for an enabled plugin its activation hook must accept them first. */
    public Installation saveSettings(TenantDatabase db, String actor, String pluginId, Map<String, Object> incoming) {
        Installation current = installations.get(db.tenant(), pluginId);
        LoadedPlugin plugin = sync.ensureLoaded(current.key());
        PluginSettings.Stored stored = current.enabled()
                ? checkedSettings(plugin, current, incoming, actor)
                : settings.prepare(plugin.manifest(), current, incoming);
        return installations.update(current, Updates.set("settings", new org.bson.Document(stored.plain())),
                Updates.set("secrets", new org.bson.Document(stored.secrets())), touched(actor));
    }

    private PluginSettings.Stored checkedSettings(LoadedPlugin plugin, Installation current, Map<String, Object> incoming,
                                                  String actor) {
        PluginSettings.Stored stored = settings.prepare(plugin.manifest(), current, incoming);
        if (runtime.has(plugin.key(), ExtensionKind.ACTIVATION, "")) {
            Map<String, Object> pending = settings.merge(plugin.manifest(), current, incoming);
            CallScope scope = new CallScope(current.tenant(), actor, org.slf4j.MDC.get("correlationId")).withPendingSettings(pending);
            String[] refusal = runtime.call(plugin.key(), ExtensionKind.ACTIVATION, "", scope, "activation",
                    (TenantActivation hook, io.quanyu.plugin.sdk.PluginContext context) -> refusal(hook.activate(context)));
            if (refusal != null) {
                throw new QuanyuException(ErrorCode.PLUGIN_ACTIVATION_REFUSED, Map.of("plugin", plugin.key().id(),
                        "reason", refusal[1], "pluginCode", refusal[0]));
            }
        }
        return stored;
    }

    private static String @Nullable [] refusal(TenantActivation.Decision decision) {
        if (decision == null) {
            throw new IllegalStateException("the activation hook answered nothing");
        }
        return decision.allowed() ? null : new String[]{decision.refusal().code(), decision.refusal().message()};
    }

    /**
     * Installs the release's object types as the plugin's ({@code managedBy}): a missing one is created; one the
     * tenant has from an earlier release is changed to this release's definition through the metadata service's
     * change plan (records migrated as any change would migrate them), and one of the plugin's prefix installed
     * before types were marked is taken over. A type of that name the plugin does not own is left alone.
     */
    private void installObjects(TenantDatabase db, Quotas quotas, String actor, LoadedPlugin plugin) {
        String pluginId = plugin.key().id();
        for (ObjectType shipped : plugin.objects()) {
            ObjectType type = shipped.managedBy(pluginId);
            var existing = metadata.find(db, type.apiName());
            if (existing.isEmpty()) {
                metadata.create(db, ObjectTypeParser.toJson(type), actor, quotas);
            } else if (ownedOrUnmarked(existing.get().type(), pluginId)
                    && !ObjectTypeParser.toJson(existing.get().type()).equals(ObjectTypeParser.toJson(type))) {
                metadata.change(db, type.apiName(), ObjectTypeParser.toJson(type), actor, quotas);
                LOG.info("object type {} of plugin {} changed to release {}", type.apiName(), pluginId, plugin.key().version());
            }
        }
    }

    private static boolean ownedOrUnmarked(ObjectType existing, String pluginId) {
        return pluginId.equals(existing.managedBy())
                || (existing.managedBy() == null && existing.apiName().startsWith(pluginId.replace("-", "")));
    }

    /** Disables the plugin for the tenant; its object types and their records stay. */
    public Installation disable(TenantDatabase db, String actor, String pluginId) {
        Installation current = installations.get(db.tenant(), pluginId);
        Installation disabled = installations.update(current, Updates.set("enabled", false), touched(actor));
        if (current.enabled()) {
            deactivate(current, actor);
        }
        return disabled;
    }

    private void deactivate(Installation installation, String actor) {
        if (!runtime.has(installation.key(), ExtensionKind.ACTIVATION, "")) {
            return;
        }
        try {
            runtime.call(installation.key(), ExtensionKind.ACTIVATION, "", new CallScope(installation.tenant(), actor, null),
                    "deactivation", (TenantActivation hook, io.quanyu.plugin.sdk.PluginContext context) -> {
                        hook.deactivate(context);
                        return Boolean.TRUE;
                    });
        } catch (QuanyuException e) {
            LOG.warn("plugin {} failed while being disabled for {}: {}", installation.key(), installation.tenant(), e.code());
        }
    }

    /**
     * Moves the tenant to another release. Older than the installed one: {@code PLUGIN_DOWNGRADE_REFUSED} unless
     * forced. An enabled plugin's settings must satisfy the new release's schema; its new object types are added.
     */
    public Installation upgrade(TenantDatabase db, Quotas quotas, String actor, String pluginId, String version, boolean force) {
        Installation current = installations.get(db.tenant(), pluginId);
        if (Sdk.compareVersions(version, current.version()) == 0) {
            return current;
        }
        if (Sdk.compareVersions(version, current.version()) < 0 && !force) {
            throw new QuanyuException(ErrorCode.PLUGIN_DOWNGRADE_REFUSED, Map.of("plugin", pluginId, "version", version,
                    "current", current.version()));
        }
        installable(pluginId, version);
        LoadedPlugin next = sync.ensureLoaded(new PluginKey(pluginId, version));
        if (current.enabled()) {
            settings.check(next.manifest(), settings.reveal(current));
            installObjects(db, quotas, actor, next);
        }
        Installation upgraded = installations.update(current, Updates.set("version", version), touched(actor));
        sync.releaseIfUnused(current.key());
        LOG.info("plugin {} moved from {} to {} by {}", pluginId, current.version(), version, actor);
        return upgraded;
    }

    /** Removes the plugin from the tenant; its object types and records stay. */
    public void uninstall(TenantDatabase db, String actor, String pluginId) {
        Installation current = installations.get(db.tenant(), pluginId);
        if (current.enabled()) {
            deactivate(current, actor);
        }
        installations.delete(db.tenant(), pluginId);
        sync.releaseIfUnused(current.key());
        LOG.info("plugin {} uninstalled by {}", current.key(), actor);
    }

    private org.bson.conversions.Bson touched(String actor) {
        return Updates.combine(Updates.set("updatedAt", java.util.Date.from(MongoInstallations.now(clock))),
                Updates.set("updatedBy", actor));
    }
}
