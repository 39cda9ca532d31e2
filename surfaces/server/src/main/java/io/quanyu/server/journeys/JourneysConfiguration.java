package io.quanyu.server.journeys;

import io.quanyu.customer360.Customer360;
import io.quanyu.journeys.JourneyEngine;
import io.quanyu.journeys.Journeys;
import io.quanyu.messaging.DeliveryService;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.scheduling.Scheduler;
import io.quanyu.segments.Segments;
import io.quanyu.plugin.host.TenantAccess;
import io.quanyu.server.objects.ServedTenants;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** Journeys: the engine as an event-seam subscriber with its waits on the node's scheduler, and the guarded service. */
@Configuration(proxyBeanMethods = false)
public class JourneysConfiguration {

    @Bean
    io.quanyu.journeys.JourneyPlugins journeyPlugins(io.quanyu.plugin.host.EnabledPlugins enabled,
                                                     io.quanyu.plugin.runtime.PluginRuntime runtime) {
        return new io.quanyu.plugin.host.PluginJourneySteps(enabled, runtime);
    }

    @Bean
    JourneyEngine journeyEngine(Customer360 customers, io.quanyu.records.Records records, Segments segments,
                                DeliveryService delivery, io.quanyu.journeys.JourneyPlugins plugins,
                                io.quanyu.core.net.EgressPolicy egress, ServedTenants served,
                                TenantAccess tenants, Scheduler scheduler, Clock clock) {
        return new JourneyEngine(customers, records, segments, delivery, plugins, new io.quanyu.journeys.JourneyWebhooks(egress),
                scheduler,
                tenant -> served.database(tenant, JourneyEngine.NAME),
                tenant -> tenants.open(tenant).quotas(), clock);
    }

    @Bean
    Journeys journeys(MongoTenantDatabases databases, JourneyEngine engine, io.quanyu.messaging.Messaging messaging, Clock clock) {
        return new Journeys(databases, engine, messaging, clock);
    }

    @Bean
    JourneysSchema journeysSchema(Journeys journeys) {
        return new JourneysSchema(journeys);
    }
}
