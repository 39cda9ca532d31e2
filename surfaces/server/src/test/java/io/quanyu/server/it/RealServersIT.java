package io.quanyu.server.it;

import io.quanyu.testfixtures.InJvmMongo;
import io.quanyu.testfixtures.LocalServers;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Base of the integration tests: the whole server on a random port, on the real local Elasticsearch and Keycloak
 * (started by {@code dev/servers start}; a missing server fails the test, it never skips) and a MongoDB wire server
 * in this JVM. All subclasses share one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"quanyu.security.clock-skew=1s", "logging.level.de.bwaldvogel=warn"})
abstract class RealServersIT {
    static final InJvmMongo MONGO = InJvmMongo.start();
    static final Path EXPORTS = tempDir();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        registry.add("quanyu.mongodb.uri", MONGO::connectionString);
        registry.add("quanyu.elasticsearch.url", LocalServers::requireElasticsearch);
        registry.add("quanyu.keycloak.url", LocalServers::requireKeycloak);
        registry.add("quanyu.export-dir", EXPORTS::toString);
        // The SDK contract plugin as the build signed it (plugins/ builds before this module): a first-party catalogue.
        registry.add("quanyu.plugins.catalogue-dirs[0]", () -> SdkContractPluginIT.RELEASES.toString());
        registry.add("quanyu.plugins.catalogue-dirs[1]", () -> WeChatChannelIT.RELEASES.toString());
        registry.add("quanyu.plugins.catalogue-dirs[2]", () -> CouponsIT.RELEASES.toString());
        registry.add("quanyu.plugins.catalogue-dirs[3]", () -> LoyaltyIT.RELEASES.toString());
        // As an operator allows a partner's fake: plugins that declare localhost may reach it.
        registry.add("quanyu.plugins.egress-allow-private[0]", () -> "localhost");
    }

    Api api() {
        return new Api(port);
    }

    /** A tenant id no earlier run used: Keycloak keeps users between runs. */
    static String freshTenantId() {
        return "it" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("quanyu-exports");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
