package io.quanyu.plugin.host;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.plugin.runtime.LoadedPlugin;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The plugins a tenant has enabled, as every request path needs them (GraphQL schema, operations, webhooks,
 * settings for plugin calls): read from MongoDB at most once per {@code ttl} per tenant and node, so a change made
 * on another node is seen within that time; this node's own changes are seen at once ({@link #forget}).
 */
public final class EnabledPlugins {
    private final MongoInstallations installations;
    private final PluginSync sync;
    private final Cache<TenantId, List<Installation>> cache;

    public EnabledPlugins(MongoInstallations installations, PluginSync sync, Duration ttl) {
        this.installations = installations;
        this.sync = sync;
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).build();
    }

    /** The tenant's enabled installations with their loaded releases (loading any this node lacks). */
    public List<Enabled> of(TenantId tenant) {
        return cache.get(tenant, t -> installations.list(t).stream().filter(Installation::enabled).toList())
                .stream().map(i -> new Enabled(i, sync.ensureLoaded(i.key()))).toList();
    }

    /** {@link #of}, by plugin id: the order in which the first plugin to declare a name serves it. */
    public List<Enabled> byId(TenantId tenant) {
        return of(tenant).stream().sorted(java.util.Comparator.comparing(x -> x.plugin().key().id())).toList();
    }

    /** The tenant's enabled installation of one plugin; {@code PLUGIN_NOT_ENABLED} otherwise. */
    public Enabled get(TenantId tenant, String pluginId) {
        return find(tenant, pluginId).orElseThrow(() ->
                new QuanyuException(ErrorCode.PLUGIN_NOT_ENABLED, Map.of("plugin", pluginId)));
    }

    public Optional<Enabled> find(TenantId tenant, String pluginId) {
        return of(tenant).stream().filter(e -> e.installation().pluginId().equals(pluginId)).findFirst();
    }

    /** Drops what this node remembers of a tenant (after it changed something here). */
    public void forget(TenantId tenant) {
        cache.invalidate(tenant);
    }

    /** An enabled installation and the release serving it. */
    public record Enabled(Installation installation, LoadedPlugin plugin) {
    }
}
