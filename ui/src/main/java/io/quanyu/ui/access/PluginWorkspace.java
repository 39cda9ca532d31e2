package io.quanyu.ui.access;

import io.quanyu.core.tenant.TenantAccess;
import io.quanyu.marketplace.Marketplace;
import io.quanyu.marketplace.Release;
import io.quanyu.plugin.host.EnabledPlugins;
import io.quanyu.plugin.host.Installation;
import io.quanyu.plugin.host.TenantPlugins;
import io.quanyu.plugin.sdk.Sdk;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Map;

/**
 * The builder's plugin screens' every read and write, each checked against the signed-in user's roles on each call,
 * with the REST API's rules: every tenant role browses the marketplace and reads the tenant's installations; only
 * tenant admins install, enable, change settings, disable, upgrade and uninstall. After each change this node's
 * cache of enabled plugins is dropped for the tenant ({@link EnabledPlugins#forget}), as the API's controller does,
 * so GraphQL, operations and webhooks see the change at once.
 */
public class PluginWorkspace {
    private static final int CATALOGUE_LIMIT = 200;

    private final CurrentTenant current;
    private final TenantPlugins plugins;
    private final Marketplace marketplace;
    private final EnabledPlugins enabled;

    public PluginWorkspace(CurrentTenant current, TenantPlugins plugins, Marketplace marketplace, EnabledPlugins enabled) {
        this.current = current;
        this.plugins = plugins;
        this.marketplace = marketplace;
        this.enabled = enabled;
    }

    /** Whether the user may install, configure, enable, disable, upgrade and uninstall plugins. */
    public boolean canManage() {
        return TenantAccess.ADMINISTER.allows(current.workspace().context());
    }

    /** The marketplace's plugins whose id, name or description contains {@code text} (all when blank), by id. */
    public List<MarketplaceEntry> catalogue(@Nullable String text) {
        TenantWorkspace.require(current, TenantAccess.READ);
        return marketplace.list(text, CATALOGUE_LIMIT).stream()
                .map(l -> new MarketplaceEntry(l, l.newestCompatible())).toList();
    }

    /** Every release of a plugin, yanked ones included, newest first. */
    public List<Release> releases(String pluginId) {
        TenantWorkspace.require(current, TenantAccess.READ);
        return marketplace.releases(pluginId);
    }

    /** Whether a release runs on this platform's SDK. */
    public static boolean compatible(Release release) {
        return Sdk.satisfies(release.requires());
    }

    /** The tenant's installed plugins. */
    public List<InstalledPlugin> installed() {
        Workspace w = TenantWorkspace.require(current, TenantAccess.READ);
        return plugins.list(w.context().tenant()).stream().map(this::view).toList();
    }

    public InstalledPlugin installed(String pluginId) {
        Workspace w = TenantWorkspace.require(current, TenantAccess.READ);
        return view(plugins.get(w.context().tenant(), pluginId));
    }

    /** Installs a release, disabled; the newest compatible one when {@code version} is null. */
    public InstalledPlugin install(String pluginId, @Nullable String version) {
        Workspace w = TenantWorkspace.require(current, TenantAccess.ADMINISTER);
        return changed(w, plugins.install(w.database(), w.quotas(), actor(w), pluginId, version));
    }

    /** Enables the plugin with {@code settings} merged over the stored ones (a secret sent as the mask is kept). */
    public InstalledPlugin enable(String pluginId, Map<String, Object> settings) {
        Workspace w = TenantWorkspace.require(current, TenantAccess.ADMINISTER);
        return changed(w, plugins.enable(w.database(), w.quotas(), actor(w), pluginId, settings));
    }

    public InstalledPlugin saveSettings(String pluginId, Map<String, Object> settings) {
        Workspace w = TenantWorkspace.require(current, TenantAccess.ADMINISTER);
        return changed(w, plugins.saveSettings(w.database(), actor(w), pluginId, settings));
    }

    public InstalledPlugin disable(String pluginId) {
        Workspace w = TenantWorkspace.require(current, TenantAccess.ADMINISTER);
        return changed(w, plugins.disable(w.database(), actor(w), pluginId));
    }

    /** Moves to another release; an older one only with {@code force} ({@code PLUGIN_DOWNGRADE_REFUSED}). */
    public InstalledPlugin upgrade(String pluginId, String version, boolean force) {
        Workspace w = TenantWorkspace.require(current, TenantAccess.ADMINISTER);
        return changed(w, plugins.upgrade(w.database(), w.quotas(), actor(w), pluginId, version, force));
    }

    public void uninstall(String pluginId) {
        Workspace w = TenantWorkspace.require(current, TenantAccess.ADMINISTER);
        plugins.uninstall(w.database(), actor(w), pluginId);
        enabled.forget(w.context().tenant());
    }

    private InstalledPlugin changed(Workspace w, Installation installation) {
        enabled.forget(w.context().tenant());
        return view(installation);
    }

    private InstalledPlugin view(Installation installation) {
        return InstalledPlugin.of(installation, plugins.manifest(installation));
    }

    private static String actor(Workspace w) {
        return w.context().username();
    }
}
