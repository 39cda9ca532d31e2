package io.quanyu.server.config;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.Jackson3JsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.quanyu.core.tenant.TenantLifecycle;
import io.quanyu.core.tenant.TenantRegistry;
import io.quanyu.identity.keycloak.KeycloakApiClients;
import io.quanyu.identity.keycloak.KeycloakTenantUsers;
import io.quanyu.mongodb.MongoApiRateLimiter;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.mongodb.MongoTenantExporter;
import io.quanyu.mongodb.MongoTenantRegistry;
import io.quanyu.search.elasticsearch.ElasticsearchTenantIndices;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.keycloak.OAuth2Constants;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Wires the technology adapters (MongoDB, Elasticsearch, Keycloak) behind the core's interfaces. */
@Configuration(proxyBeanMethods = false)
public class StoreConfiguration {
    static final String PLATFORM_DATABASE = "quanyu_platform";

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    NodeName nodeName() {
        return NodeName.random();
    }

    @Bean(destroyMethod = "close")
    MongoClient mongoClient(QuanyuProperties properties) {
        var settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(properties.mongodb().uri()))
                .applyToClusterSettings(c -> c.serverSelectionTimeout(5, TimeUnit.SECONDS))
                .applyToSocketSettings(s -> s.connectTimeout(3, TimeUnit.SECONDS))
                .build();
        return MongoClients.create(settings);
    }

    @Bean
    MongoDatabase platformDatabase(MongoClient client) {
        return client.getDatabase(PLATFORM_DATABASE);
    }

    @Bean
    TenantRegistry tenantRegistry(MongoDatabase platformDatabase) {
        return new MongoTenantRegistry(platformDatabase);
    }

    @Bean
    MongoTenantDatabases tenantDatabases(MongoClient client) {
        return new MongoTenantDatabases(client);
    }

    @Bean
    MongoApiRateLimiter apiRateLimiter(MongoDatabase platformDatabase, Clock clock) {
        return new MongoApiRateLimiter(platformDatabase, clock);
    }

    @Bean(destroyMethod = "close")
    RestClient elasticsearchRestClient(QuanyuProperties properties) {
        return RestClient.builder(HttpHost.create(properties.elasticsearch().url()))
                .setRequestConfigCallback(r -> r.setConnectTimeout(3_000).setSocketTimeout(30_000))
                .build();
    }

    @Bean
    ElasticsearchClient elasticsearchClient(RestClient restClient) {
        return new ElasticsearchClient(new RestClientTransport(restClient, new Jackson3JsonpMapper()));
    }

    @Bean
    ElasticsearchTenantIndices tenantIndices(ElasticsearchClient client, QuanyuProperties properties) {
        return new ElasticsearchTenantIndices(client, properties.elasticsearch().replicas());
    }

    @Bean(destroyMethod = "close")
    Keycloak keycloakAdmin(QuanyuProperties properties) {
        var kc = properties.keycloak();
        return KeycloakBuilder.builder().serverUrl(kc.url()).realm(kc.realm())
                .grantType(OAuth2Constants.CLIENT_CREDENTIALS)
                .clientId(kc.adminClientId()).clientSecret(kc.adminClientSecret())
                .build();
    }

    @Bean
    KeycloakTenantUsers tenantUsers(Keycloak keycloak, QuanyuProperties properties) {
        return new KeycloakTenantUsers(keycloak.realm(properties.keycloak().realm()));
    }

    /** The tenants' API clients (client credentials), managed by their tenant admins in the builder. */
    @Bean
    KeycloakApiClients apiClients(Keycloak keycloak, QuanyuProperties properties) {
        return new KeycloakApiClients(keycloak.realm(properties.keycloak().realm()));
    }

    /**
     * Resources in provisioning order (every per-tenant set-up is one of them: the customer 360's indexes follow the
     * database); deletion runs them in reverse, so the database (and with it the event log) is gone before the
     * search indices are deleted and the indexer cannot write them back.
     */
    @Bean
    TenantLifecycle tenantLifecycle(TenantRegistry registry, MongoTenantDatabases databases,
                                    ElasticsearchTenantIndices indices, KeycloakTenantUsers users,
                                    io.quanyu.plugin.host.MongoInstallations plugins,
                                    io.quanyu.customer360.Customer360 customers,
                                    io.quanyu.messaging.DeliveryService deliveries,
                                    io.quanyu.segments.SegmentEngine segments,
                                    io.quanyu.journeys.JourneyEngine journeys,
                                    MongoClient client, QuanyuProperties properties, Clock clock) {
        var exporter = new MongoTenantExporter(client, properties.exportDir(), clock);
        return new TenantLifecycle(registry, List.of(indices, databases,
                new io.quanyu.customer360.Customer360Setup(customers, databases),
                new io.quanyu.messaging.MessagingSetup(deliveries, databases),
                new io.quanyu.segments.SegmentsSetup(segments, databases),
                new io.quanyu.journeys.JourneysSetup(journeys, databases), users,
                new io.quanyu.plugin.host.PluginInstallationsResource(plugins)), exporter, clock);
    }
}
