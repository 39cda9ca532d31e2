package io.quanyu.plugin.runtime;

import io.quanyu.plugin.sdk.CustomerSessions;
import io.quanyu.plugin.sdk.Customers;
import io.quanyu.plugin.sdk.Events;
import io.quanyu.plugin.sdk.PluginStore;
import io.quanyu.plugin.sdk.Records;
import io.quanyu.plugin.sdk.Settings;
import io.quanyu.plugin.sdk.Tasks;

/**
 * The platform's side of a {@link io.quanyu.plugin.sdk.PluginContext}: tenant-scoped records, events, customers,
 * settings, the plugin's private store and its tasks for one call. The server implements it on the records layer; the test kit in memory.
 */
public interface ContextServices {

    /** The services for one call of {@code plugin} in {@code scope}; every one of them sees only the scope's tenant. */
    Bundle open(PluginKey plugin, CallScope scope);

    /**
     * The services handed to one call.
     *
     * @param publicBase the address partners and customers reach the platform at ({@code https://scrm.example.com}),
     *                   which the plugin's webhook URLs start with
     * @param plugins    the tenants' enabled plugins, for calls between plugins
     * @param deliveries the platform's delivery service, for this plugin and tenant
     * @param clock      the platform's clock ({@link io.quanyu.plugin.sdk.PluginContext#now()}), the same the tasks
     *                   and jobs run by
     */
    record Bundle(Records records, Events events, Customers customers, Settings settings, PluginStore store,
                  Tasks tasks, String publicBase, CustomerSessions sessions, PluginToPlugin.Directory plugins,
                  io.quanyu.plugin.sdk.channel.Deliveries deliveries, java.time.Clock clock) {
        public Bundle {
            publicBase = publicBase.endsWith("/") ? publicBase.substring(0, publicBase.length() - 1) : publicBase;
        }
    }
}
