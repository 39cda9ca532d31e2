package io.quanyu.server.segments;

import io.quanyu.customer360.Customer360;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.outbox.EventSeam;
import io.quanyu.scheduling.Scheduler;
import io.quanyu.segments.SegmentEngine;
import io.quanyu.segments.Segments;
import io.quanyu.server.objects.ServedTenants;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** Segments: the engine as an event-seam subscriber with its backfills on the node's scheduler, and the guarded service. */
@Configuration(proxyBeanMethods = false)
public class SegmentsConfiguration {

    @Bean
    SegmentEngine segmentEngine(Customer360 customers, ServedTenants tenants, Scheduler scheduler, EventSeam events, Clock clock) {
        return new SegmentEngine(customers, tenant -> tenants.database(tenant, SegmentEngine.NAME), scheduler, events, clock);
    }

    @Bean
    io.quanyu.segments.SegmentIndex segmentIndex(co.elastic.clients.elasticsearch.ElasticsearchClient client,
                                                 io.quanyu.server.config.QuanyuProperties properties) {
        return new io.quanyu.search.elasticsearch.ElasticsearchSegmentIndex(client, properties.elasticsearch().replicas());
    }

    /** An event-seam subscriber (subscribed with the other subscriber beans) and the service's reader of the index. */
    @Bean
    io.quanyu.segments.SegmentIndexer segmentIndexer(io.quanyu.segments.SegmentIndex index, SegmentEngine engine,
                                                     ServedTenants tenants) {
        return new io.quanyu.segments.SegmentIndexer(index, engine,
                tenant -> tenants.database(tenant, io.quanyu.segments.SegmentIndexer.NAME));
    }

    @Bean
    Segments segments(MongoTenantDatabases databases, SegmentEngine engine, Customer360 customers, Clock clock,
                      io.quanyu.segments.SegmentIndexer indexer) {
        return new Segments(databases, engine, customers, clock, indexer);
    }

    @Bean
    SegmentsSchema segmentsSchema(Segments segments) {
        return new SegmentsSchema(segments);
    }
}
