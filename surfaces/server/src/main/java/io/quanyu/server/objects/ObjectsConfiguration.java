package io.quanyu.server.objects;

import io.quanyu.records.MetadataService;
import io.quanyu.records.RecordService;
import io.quanyu.records.RecordLayouts;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.quanyu.records.RecordSearch;
import io.quanyu.records.SearchIndexer;
import io.quanyu.search.elasticsearch.ElasticsearchRecordSearch;
import io.quanyu.server.config.QuanyuProperties;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The metadata and record services, with a virtual-thread executor for schema migrations. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class ObjectsConfiguration {

    @Bean(destroyMethod = "close")
    ExecutorService migrationJobs() {
        return Executors.newVirtualThreadPerTaskExecutor();
    }

    @Bean
    MetadataService metadataService(Clock clock, ExecutorService migrationJobs, io.quanyu.outbox.EventSeam events) {
        return new MetadataService(clock, migrationJobs, events);
    }

    @Bean
    RecordService recordService(MetadataService metadata, Clock clock, io.quanyu.outbox.EventSeam events) {
        return new RecordService(metadata, clock, events);
    }

    @Bean
    io.quanyu.records.Records records(io.quanyu.mongodb.MongoTenantDatabases databases, MetadataService metadata,
                                      RecordService records, RecordSearch search, RecordLayouts layouts) {
        return new io.quanyu.records.Records(databases, metadata, records, search, layouts);
    }

    @Bean
    RecordLayouts recordLayouts(MetadataService metadata, Clock clock) {
        return new RecordLayouts(metadata, clock);
    }

    @Bean
    RecordSearch recordSearch(ElasticsearchClient client, QuanyuProperties properties) {
        return new ElasticsearchRecordSearch(client, properties.elasticsearch().replicas());
    }

    @Bean
    io.quanyu.graphql.GraphqlEngine graphqlEngine(
            @org.springframework.beans.factory.annotation.Value("${quanyu.graphql.max-depth:10}") int maxDepth,
            @org.springframework.beans.factory.annotation.Value("${quanyu.graphql.max-cost:20000}") int maxCost,
            @org.springframework.beans.factory.annotation.Value("${quanyu.graphql.timeout:10s}") java.time.Duration timeout,
            @org.springframework.beans.factory.annotation.Value("${quanyu.graphql.cached-schemas:2000}") int cached,
            java.util.List<io.quanyu.graphql.SchemaContribution> contributions) {
        return new io.quanyu.graphql.GraphqlEngine(new io.quanyu.graphql.GraphqlEngine.Limits(maxDepth, maxCost, timeout, cached),
                contributions);
    }

    @Bean
    SearchIndexer searchIndexer(MetadataService metadata, RecordSearch search, ServedTenants tenants) {
        return new SearchIndexer(metadata, search, tenant -> tenants.database(tenant, SearchIndexer.NAME));
    }
}
