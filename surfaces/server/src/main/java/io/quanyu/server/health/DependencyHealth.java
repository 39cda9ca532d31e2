package io.quanyu.server.health;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.mongodb.client.MongoDatabase;
import io.quanyu.server.config.QuanyuProperties;
import org.bson.Document;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Readiness checks for the three servers the platform needs: MongoDB (ping), Elasticsearch (cluster health not
 * red) and Keycloak (the realm's OIDC discovery document). Liveness depends on none of them.
 */
@Configuration(proxyBeanMethods = false)
public class DependencyHealth {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Bean
    HealthIndicator mongoHealthIndicator(MongoDatabase platformDatabase) {
        return probe(() -> platformDatabase.runCommand(new Document("ping", 1)).get("ok") != null ? "reachable" : null);
    }

    @Bean
    HealthIndicator elasticsearchHealthIndicator(ElasticsearchClient client) {
        return probe(() -> {
            try {
                var status = client.cluster().health(h -> h.timeout(t -> t.time("2s"))).status();
                return status.jsonValue().equals("red") ? null : status.jsonValue();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Bean
    HealthIndicator keycloakHealthIndicator(QuanyuProperties properties) {
        URI discovery = URI.create(properties.keycloak().issuer() + "/.well-known/openid-configuration");
        return probe(() -> {
            try {
                var response = HTTP.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(3)).build(),
                        HttpResponse.BodyHandlers.discarding());
                return response.statusCode() == 200 ? "realm answers" : null;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        });
    }

    /** UP with the probe's answer, DOWN when it returns null or fails (the failure's class stays in the log). */
    private static HealthIndicator probe(Supplier<String> check) {
        return () -> {
            try {
                String state = check.get();
                return state == null ? Health.down().build() : Health.up().withDetail("state", state).build();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(DependencyHealth.class).warn("health probe failed", e);
                return Health.down().withDetail("state", "unreachable").build();
            }
        };
    }
}
