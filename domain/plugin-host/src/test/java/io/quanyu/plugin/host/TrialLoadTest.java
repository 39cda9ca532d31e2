package io.quanyu.plugin.host;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.marketplace.Marketplace;
import io.quanyu.plugin.host.sample.Broken;
import io.quanyu.plugin.host.sample.Hello;
import io.quanyu.plugin.host.sample.HelloRelease;
import io.quanyu.plugin.pkg.PackageLimits;
import io.quanyu.plugin.pkg.PackageReader;
import io.quanyu.plugin.runtime.PluginLimits;
import io.quanyu.plugin.testkit.PluginZipBuilder;
import io.quanyu.testfixtures.InJvmMongo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Releases whose zip is fine but whose code cannot be loaded are refused at publish, and nothing is stored. */
class TrialLoadTest {
    static InJvmMongo server;
    static MongoClient client;
    static Marketplace marketplace;
    static TrialLoad trial;
    static KeyPair key;

    @BeforeAll
    static void start() throws Exception {
        server = InJvmMongo.start();
        client = MongoClients.create(server.connectionString());
        trial = new TrialLoad(Files.createTempDirectory("quanyu-trial"),
                new PluginLimits(Duration.ofSeconds(2), 4, 50, Duration.ofSeconds(2)));
        marketplace = new Marketplace(client.getDatabase("trial" + UUID.randomUUID().toString().substring(0, 8)),
                new PackageReader(PackageLimits.defaults()), Clock.systemUTC(), trial);
        key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        marketplace.registerKey("acmesoft", Base64.getEncoder().encodeToString(key.getPublic().getEncoded()));
    }

    @AfterAll
    static void stop() {
        trial.close();
        client.close();
        server.close();
    }

    static PluginZipBuilder base() {
        return PluginZipBuilder.create().manifest(HelloRelease.manifest("1.0.0")).object("card.json", HelloRelease.CARD)
                .extension(Hello.Activation.class).extension(Hello.Tally.class).extension(Hello.Callback.class);
    }

    static Stream<Arguments> broken() {
        return Stream.of(
                Arguments.of("constructor throws", base().extension(Broken.ThrowingGreet.class), ErrorCode.PLUGIN_LOAD_FAILED),
                Arguments.of("class missing from the package", base().extension(Hello.Greet.class)
                        .extensionName("com.acme.hello.Missing"), ErrorCode.PLUGIN_LOAD_FAILED),
                Arguments.of("uses a platform class", base().extension(Broken.PlatformGreet.class), ErrorCode.PLUGIN_LOAD_FAILED),
                Arguments.of("declared operation not implemented", base(), ErrorCode.PLUGIN_EXTENSION_MISSING),
                Arguments.of("extension not declared", base().extension(Hello.Greet.class).extension(Broken.Extra.class),
                        ErrorCode.PLUGIN_LOAD_FAILED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broken")
    void refusesAtPublishAndStoresNothing(String why, PluginZipBuilder zip, ErrorCode expected) {
        var release = zip.buildSigned(key.getPrivate());
        assertThatThrownBy(() -> marketplace.publish("acmesoft", release.zip(), release.signature(), false))
                .isInstanceOfSatisfying(QuanyuException.class, e -> assertThat(e.code()).isEqualTo(expected));
        assertThat(marketplace.list("", 10)).isEmpty();
        assertThatThrownBy(() -> marketplace.releases("acme-hello"))
                .isInstanceOfSatisfying(QuanyuException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_NOT_FOUND));
    }
}
