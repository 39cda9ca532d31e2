package io.quanyu.plugin.host;

import io.quanyu.core.call.CallContext;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.TenantAccess;
import io.quanyu.marketplace.Marketplace;
import io.quanyu.marketplace.PluginListing;
import io.quanyu.marketplace.Release;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.plugin.pkg.PluginManifest;
import io.quanyu.plugin.runtime.CallScope;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Map;

/**
 * A tenant's plugins as one call may see and change them: the guarded service the REST API and the builder call.
 * Every tenant role browses the marketplace, reads the installations and runs query operations and widgets; data
 * writers run mutation operations; only tenant admins install, enable, change settings, disable, upgrade and
 * uninstall. After each change this node's cache of enabled plugins is dropped for the tenant, so GraphQL,
 * operations and webhooks see the change at once (other nodes within their cache's second).
 */
public final class Plugins {
    private final MongoTenantDatabases databases;
    private final TenantPlugins plugins;
    private final EnabledPlugins enabled;
    private final Marketplace marketplace;
    private final PluginCalls calls;
    private final PluginSubscriptions subscriptions;

    public Plugins(MongoTenantDatabases databases, TenantPlugins plugins, EnabledPlugins enabled, Marketplace marketplace,
                   PluginCalls calls, PluginSubscriptions subscriptions) {
        this.subscriptions = subscriptions;
        this.databases = databases;
        this.plugins = plugins;
        this.enabled = enabled;
        this.marketplace = marketplace;
        this.calls = calls;
    }

    /** The marketplace's plugins whose id, name or description contains {@code text} (all when blank). */
    public List<PluginListing> catalogue(CallContext call, @Nullable String text, int limit) {
        call.require(TenantAccess.READ);
        return marketplace.list(text, limit);
    }

    /** Every release of a plugin, yanked ones included, newest first. */
    public List<Release> releases(CallContext call, String pluginId) {
        call.require(TenantAccess.READ);
        return marketplace.releases(pluginId);
    }

    public List<Installation> list(CallContext call) {
        return plugins.list(call.require(TenantAccess.READ).tenant());
    }

    public Installation get(CallContext call, String pluginId) {
        return plugins.get(call.require(TenantAccess.READ).tenant(), pluginId);
    }

    /** The manifest of an installation the call has read. */
    public PluginManifest manifest(Installation installation) {
        return plugins.manifest(installation);
    }

    /** Installs a release, disabled; the newest compatible one when {@code version} is null. */
    public Installation install(CallContext call, String pluginId, @Nullable String version) {
        return changed(call, plugins.install(admin(call), call.quotas(), call.actor(), pluginId, version));
    }

    /** Enables the plugin with {@code settings} merged over the stored ones (null: the stored ones). */
    public Installation enable(CallContext call, String pluginId, @Nullable Map<String, Object> settings) {
        return changed(call, plugins.enable(admin(call), call.quotas(), call.actor(), pluginId, settings));
    }

    public Installation saveSettings(CallContext call, String pluginId, Map<String, Object> settings) {
        return changed(call, plugins.saveSettings(admin(call), call.actor(), pluginId, settings));
    }

    public Installation disable(CallContext call, String pluginId) {
        return changed(call, plugins.disable(admin(call), call.actor(), pluginId));
    }

    /** Moves to another release; an older one only with {@code force} ({@code PLUGIN_DOWNGRADE_REFUSED}). */
    public Installation upgrade(CallContext call, String pluginId, String version, boolean force) {
        return changed(call, plugins.upgrade(admin(call), call.quotas(), call.actor(), pluginId, version, force));
    }

    /** Removes the plugin; its subscriptions' positions and dead letters in the tenant go with it. */
    public void uninstall(CallContext call, String pluginId) {
        TenantDatabase db = admin(call);
        Installation installed = plugins.get(call.tenant(), pluginId);
        subscriptions.forget(db, installed.key()); // first: uninstalling may unload the release that names them
        plugins.uninstall(db, call.actor(), pluginId);
        enabled.forget(call.tenant());
    }

    /** The events the plugin's subscriptions gave up on in the tenant (every tenant role reads them). */
    public List<FailedEvent> deadLetters(CallContext call, String pluginId) {
        plugins.get(call.require(TenantAccess.READ).tenant(), pluginId);
        return subscriptions.deadLetters(databases.forCall(call), pluginId).stream().map(FailedEvent::of).toList();
    }

    /** Hands a dead letter to the plugin again (tenant admins); true when it was handled and left the list. */
    public boolean replay(CallContext call, String pluginId, String deadLetterId) {
        TenantDatabase db = admin(call);
        plugins.get(call.tenant(), pluginId);
        return subscriptions.replay(db, pluginId, deadLetterId);
    }

    /**
     * Runs an enabled plugin's operation: a query for every tenant role, a mutation for data writers, either only for
     * the roles the manifest names ({@link OperationAccess}).
     */
    public Map<String, Object> operation(CallContext call, String pluginId, String operation, Map<String, Object> input) {
        OperationAccess.check(call, enabled, pluginId, operation);
        return calls.operation(scope(call), pluginId, operation, input);
    }

    /**
     * Whether the call may run the enabled plugin's operation, by the same rule {@link #operation} applies (so a
     * builder page offers only what its user may do); throws when the plugin is not enabled or has no such operation.
     */
    public boolean mayCall(CallContext call, String pluginId, String operation) {
        try {
            OperationAccess.check(call, enabled, pluginId, operation);
            return true;
        } catch (QuanyuException e) {
            if (e.code() == ErrorCode.PERMISSION_DENIED) {
                return false;
            }
            throw e;
        }
    }

    /**
     * The other plugins the installation's release calls ({@code uses} in its manifest) that the tenant has not
     * enabled, by id: its calls to them fail with {@code PLUGIN_NOT_ENABLED} until the tenant enables them.
     */
    public List<String> unmetUses(CallContext call, Installation installation) {
        call.require(TenantAccess.READ);
        return manifest(installation).uses().keySet().stream().filter(id -> !id.equals(installation.pluginId()))
                .filter(id -> enabled.find(call.tenant(), id).isEmpty()).sorted().toList();
    }

    /** A widget's rows. */
    public List<Object> widget(CallContext call, String pluginId, String widget, Map<String, Object> parameters) {
        call.require(TenantAccess.READ);
        return calls.widget(scope(call), pluginId, widget, parameters);
    }

    /** The plugin call a platform call makes: its tenant, caller and the caller's roles. */
    public static CallScope scope(CallContext call) {
        return new CallScope(call.tenant(), call.actor(), call.roles(), call.correlationId());
    }

    private TenantDatabase admin(CallContext call) {
        return databases.forCall(call.require(TenantAccess.ADMINISTER));
    }

    private Installation changed(CallContext call, Installation installation) {
        enabled.forget(call.tenant());
        return installation;
    }
}
