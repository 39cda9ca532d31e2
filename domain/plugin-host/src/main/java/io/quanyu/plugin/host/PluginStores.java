package io.quanyu.plugin.host;

import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.plugin.sdk.PluginStore;

import java.time.Clock;

/**
 * Opens plugins' private stores ({@link MongoPluginStore}) in tenants' databases, sealing secrets with the same
 * key as plugin settings.
 */
public record PluginStores(SecretBox box, Clock clock) {

    /** The store of {@code plugin} in the tenant database {@code db}. */
    public PluginStore open(TenantDatabase db, String plugin) {
        return new MongoPluginStore(db, plugin, clock, box);
    }
}
