package io.quanyu.server.events;

import io.quanyu.outbox.EventSeam;
import io.quanyu.outbox.SeamOptions;
import io.quanyu.outbox.Subscriber;
import io.quanyu.server.config.NodeName;
import io.quanyu.server.objects.ServedTenants;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * The node's event seam: stores signal it (records, profiles), it relays and delivers domain events of every
 * served tenant to the subscribers defined as beans.
 */
@Configuration(proxyBeanMethods = false)
public class EventsConfiguration {

    @Bean(destroyMethod = "close")
    EventSeam eventSeam(ServedTenants tenants, Clock clock, NodeName nodeName,
                        @Value("${quanyu.events.poll-interval:1s}") java.time.Duration poll,
                        @Value("${quanyu.events.sweep-interval:15s}") java.time.Duration sweep) {
        return new EventSeam(() -> tenants.databases("event-seam"), options(nodeName.id(), poll, sweep), clock);
    }

    /**
     * The seam's options on a node: every store that writes domain events is a source, so the sweep relays what a
     * node that died after a write left behind (records, objects and profiles by default; consent and segment
     * memberships here).
     */
    static SeamOptions options(String node, java.time.Duration poll, java.time.Duration sweep) {
        return SeamOptions.defaults(node).withTimings(poll.toMillis(), sweep.toMillis(), 5_000, 10_000)
                .alsoFrom(java.util.List.of(io.quanyu.messaging.Consents.COLLECTION,
                        io.quanyu.segments.SegmentEngine.MEMBERSHIPS));
    }

    /**
     * Subscribes the subscriber beans and starts polling once every bean exists (subscribers use the stores that
     * signal the seam, so they cannot be its constructor's arguments).
     */
    @Bean
    SmartInitializingSingleton eventSubscribers(EventSeam seam, ObjectProvider<Subscriber> subscribers) {
        return () -> {
            subscribers.orderedStream().forEach(seam::subscribe);
            seam.start();
        };
    }
}
