package io.quanyu.server.it;

import io.quanyu.server.it.plugin.ItPlugins;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two server nodes on one store: a plugin installed and enabled through node 1 is served by node 2 within five
 * seconds, and an uninstall on node 1 takes it away on node 2.
 */
class TwoNodesIT extends RealServersIT {
    static Process second;
    static int secondPort;

    /**
     * Node 2 is the packaged server in its own process (as in production), on the same MongoDB, Elasticsearch and
     * Keycloak; sharing this JVM would also share static state no two real nodes share.
     */
    @BeforeAll
    static void startSecondNode() throws Exception {
        try (var socket = new java.net.ServerSocket(0)) {
            secondPort = socket.getLocalPort();
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Path jar = Path.of("target", "quanyu-server.jar");
        assertThat(jar).as("the packaged server (failsafe runs after package)").exists();
        second = new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString(), "--server.port=" + secondPort,
                "--quanyu.mongodb.uri=" + MONGO.connectionString(),
                "--quanyu.elasticsearch.url=" + io.quanyu.testfixtures.LocalServers.requireElasticsearch(),
                "--quanyu.keycloak.url=" + io.quanyu.testfixtures.LocalServers.requireKeycloak(),
                "--quanyu.export-dir=" + EXPORTS, "--quanyu.plugins.work-dir=target/node2-plugins",
                "--logging.level.de.bwaldvogel=warn")
                .redirectErrorStream(true).redirectOutput(Path.of("target", "node2.log").toFile()).start();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() ->
                second.isAlive() && new Api(secondPort).get("/actuator/health/liveness", null).status() == 200);
    }

    @AfterAll
    static void stopSecondNode() throws Exception {
        second.destroy();
        if (!second.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            second.destroyForcibly();
        }
    }

    @Test
    void anInstallOnNodeOneIsServedByNodeTwoWithinFiveSeconds() {
        KeyPair key = ItPlugins.newKey();
        String isv = Tokens.demo("acmesoft");
        String admin = Tokens.demo("globex-admin");
        Api one = api();
        Api two = new Api(secondPort);
        one.post("/api/v1/marketplace/keys", isv, Api.JSON.writeValueAsString(Map.of("publicKey", ItPlugins.pem(key))));
        String id = PluginsIT.pluginId();
        var release = ItPlugins.zip(id, "1.0.0", "acmesoft").buildSigned(key.getPrivate());
        assertThat(one.multipart("/api/v1/marketplace/releases", isv, Map.of("package", release.zip(),
                "signature", release.signature())).status()).isEqualTo(201);
        String query = Api.JSON.writeValueAsString(Map.of("query",
                "mutation { " + PluginsIT.field(id, "greet") + "(input: {name: \"Ann\"}) }"));

        assertThat(one.post("/api/v1/plugins", admin, "{\"pluginId\": \"" + id + "\"}").status()).isEqualTo(201);
        assertThat(one.post("/api/v1/plugins/" + id + "/enable", admin, "{\"settings\": {\"apiKey\": \"k\"}}").status())
                .isEqualTo(200);
        Instant enabled = Instant.now();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> two.post("/graphql", admin, query).raw().contains("Hello, Ann from 1.0.0 for globex"));
        System.out.println("node 2 served the plugin " + Duration.between(enabled, Instant.now()).toMillis() + " ms after node 1 enabled it");

        assertThat(one.delete("/api/v1/plugins/" + id, admin).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> two.post("/graphql", admin, query).raw().contains("errors"));
    }
}
