package io.quanyu.server.messaging;

import io.quanyu.messaging.DeliveryService;
import io.quanyu.messaging.Messaging;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.plugin.host.EnabledPlugins;
import io.quanyu.plugin.host.PluginChannels;
import io.quanyu.plugin.host.TenantAccess;
import io.quanyu.plugin.runtime.PluginRuntime;
import io.quanyu.scheduling.Scheduler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** The delivery service on the node's scheduler, its channels the tenants' enabled channel plugins. */
@Configuration(proxyBeanMethods = false)
public class MessagingConfiguration {

    @Bean
    PluginChannels pluginChannels(EnabledPlugins enabled, PluginRuntime runtime) {
        return new PluginChannels(enabled, runtime);
    }

    @Bean
    DeliveryService deliveryService(MongoTenantDatabases databases, io.quanyu.customer360.Customers customers,
                                    PluginChannels channels, Scheduler scheduler, Clock clock, TenantAccess tenants,
                                    io.quanyu.outbox.EventSeam events) {
        return new DeliveryService(databases, customers, channels, scheduler, clock, t -> tenants.open(t).quotas(), events);
    }

    @Bean
    Messaging messaging(MongoTenantDatabases databases, DeliveryService service, PluginChannels channels, Clock clock) {
        return new Messaging(databases, service, channels, clock);
    }

    @Bean
    io.quanyu.messaging.Broadcasts broadcasts(MongoTenantDatabases databases, DeliveryService service,
                                              io.quanyu.segments.Segments segments, Scheduler scheduler, Clock clock,
                                              TenantAccess tenants) {
        return new io.quanyu.messaging.Broadcasts(databases, service, segments, scheduler, clock, t -> tenants.open(t).quotas());
    }

    @Bean
    MessagingSchema messagingSchema(Messaging messaging, io.quanyu.messaging.Broadcasts broadcasts) {
        return new MessagingSchema(messaging, broadcasts);
    }
}
