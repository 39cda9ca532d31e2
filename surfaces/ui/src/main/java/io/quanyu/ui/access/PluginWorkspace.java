package io.quanyu.ui.access;

import io.quanyu.core.call.CallContext;
import io.quanyu.core.tenant.TenantAccess;
import io.quanyu.marketplace.Release;
import io.quanyu.plugin.host.FailedEvent;
import io.quanyu.plugin.host.Installation;
import io.quanyu.plugin.host.Plugins;
import io.quanyu.plugin.pkg.PluginManifest;
import io.quanyu.plugin.sdk.Sdk;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The builder's plugin screens: calls of the guarded {@link Plugins} service with the signed-in user's call, which
 * applies the REST API's rules (every tenant role browses the marketplace and reads the tenant's installations;
 * only tenant admins install, enable, change settings, disable, upgrade and uninstall) and drops this node's cache
 * of enabled plugins after each change.
 */
public class PluginWorkspace {
    private static final int CATALOGUE_LIMIT = 200;

    private final CurrentTenant current;
    private final Plugins plugins;

    public PluginWorkspace(CurrentTenant current, Plugins plugins) {
        this.current = current;
        this.plugins = plugins;
    }

    /** Whether the user may install, configure, enable, disable, upgrade and uninstall plugins. */
    public boolean canManage() {
        return TenantAccess.ADMINISTER.allows(current.workspace().context());
    }

    /** The marketplace's plugins whose id, name or description contains {@code text} (all when blank), by id. */
    public List<MarketplaceEntry> catalogue(@Nullable String text) {
        return plugins.catalogue(call(), text, CATALOGUE_LIMIT).stream()
                .map(l -> new MarketplaceEntry(l, l.newestCompatible())).toList();
    }

    /** Every release of a plugin, yanked ones included, newest first. */
    public List<Release> releases(String pluginId) {
        return plugins.releases(call(), pluginId);
    }

    /** Whether a release runs on this platform's SDK. */
    public static boolean compatible(Release release) {
        return Sdk.satisfies(release.requires());
    }

    /** The tenant's installed plugins. */
    public List<InstalledPlugin> installed() {
        return plugins.list(call()).stream().map(this::view).toList();
    }

    public InstalledPlugin installed(String pluginId) {
        return view(plugins.get(call(), pluginId));
    }

    /** Installs a release, disabled; the newest compatible one when {@code version} is null. */
    public InstalledPlugin install(String pluginId, @Nullable String version) {
        return view(plugins.install(call(), pluginId, version));
    }

    /** Enables the plugin with {@code settings} merged over the stored ones (a secret sent as the mask is kept). */
    public InstalledPlugin enable(String pluginId, Map<String, Object> settings) {
        return view(plugins.enable(call(), pluginId, settings));
    }

    public InstalledPlugin saveSettings(String pluginId, Map<String, Object> settings) {
        return view(plugins.saveSettings(call(), pluginId, settings));
    }

    public InstalledPlugin disable(String pluginId) {
        return view(plugins.disable(call(), pluginId));
    }

    /** Moves to another release; an older one only with {@code force} ({@code PLUGIN_DOWNGRADE_REFUSED}). */
    public InstalledPlugin upgrade(String pluginId, String version, boolean force) {
        return view(plugins.upgrade(call(), pluginId, version, force));
    }

    public void uninstall(String pluginId) {
        plugins.uninstall(call(), pluginId);
    }

    /** The events the plugin's subscriptions gave up on, oldest first (every tenant role reads them). */
    public List<FailedEvent> failedEvents(String pluginId) {
        return plugins.deadLetters(call(), pluginId);
    }

    /** Hands a failed event to the plugin again (tenant admins); true when it was handled and left the list. */
    public boolean replay(String pluginId, String failedEventId) {
        return plugins.replay(call(), pluginId, failedEventId);
    }

    /** The pages the tenant's enabled plugins declare, by plugin id, each plugin's in its manifest's order. */
    public List<PluginPage> pages() {
        return plugins.list(call()).stream().filter(Installation::enabled)
                .sorted(java.util.Comparator.comparing(Installation::pluginId))
                .flatMap(i -> {
                    PluginManifest manifest = plugins.manifest(i);
                    return manifest.pages().stream().map(p -> PluginPage.of(i.pluginId(), p, manifest));
                }).toList();
    }

    /** One page of an enabled plugin, if it declares it. */
    public Optional<PluginPage> page(String pluginId, String name) {
        return pages().stream().filter(p -> p.pluginId().equals(pluginId) && p.spec().name().equals(name)).findFirst();
    }

    /** Whether the user may run the enabled plugin's operation (the rule the API applies). */
    public boolean mayCall(String pluginId, String operation) {
        return plugins.mayCall(call(), pluginId, operation);
    }

    /** Runs the enabled plugin's operation as the user; its output. */
    public Map<String, Object> operation(String pluginId, String operation, Map<String, Object> input) {
        return plugins.operation(call(), pluginId, operation, input);
    }

    /** A widget's rows. */
    public List<Object> widget(String pluginId, String widget, Map<String, Object> parameters) {
        return plugins.widget(call(), pluginId, widget, parameters);
    }

    private InstalledPlugin view(Installation installation) {
        return InstalledPlugin.of(installation, plugins.manifest(installation), plugins.unmetUses(call(), installation));
    }

    private CallContext call() {
        return current.workspace().call();
    }
}
