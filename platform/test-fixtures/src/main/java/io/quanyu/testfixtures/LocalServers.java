package io.quanyu.testfixtures;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Where the real local servers started by {@code dev/servers start} listen. Integration tests need them and fail
 * with a clear message, never skip, when one is not reachable.
 */
public final class LocalServers {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private LocalServers() {
    }

    public static String elasticsearchUrl() {
        return setting("QUANYU_ELASTICSEARCH_URL", "http://127.0.0.1:19200");
    }

    public static String keycloakUrl() {
        return setting("QUANYU_KEYCLOAK_URL", "http://127.0.0.1:18080");
    }

    /** Returns the Elasticsearch URL after checking it answers. */
    public static String requireElasticsearch() {
        return require("Elasticsearch", elasticsearchUrl(), "/_cluster/health");
    }

    /** Returns the Keycloak URL after checking the dev realm answers. */
    public static String requireKeycloak() {
        return require("Keycloak", keycloakUrl(), "/realms/quanyu/.well-known/openid-configuration");
    }

    private static String require(String name, String base, String probe) {
        try {
            var response = HTTP.send(HttpRequest.newBuilder(URI.create(base + probe)).timeout(Duration.ofSeconds(5))
                    .build(), HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() == 200) {
                return base;
            }
            throw new IllegalStateException(name + " at " + base + " answered " + response.statusCode() + hint());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(name + " is not reachable at " + base + hint(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String hint() {
        return "; start the local servers with 'dev/servers start' (or run the tests with 'dev/test')";
    }

    private static String setting(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
