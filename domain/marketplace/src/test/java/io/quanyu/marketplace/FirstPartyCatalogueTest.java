package io.quanyu.marketplace;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.quanyu.plugin.pkg.PackageLimits;
import io.quanyu.plugin.pkg.PackageReader;
import io.quanyu.plugin.pkg.ReleaseTool;
import io.quanyu.plugin.pkg.TestPlugins;
import io.quanyu.testfixtures.InJvmMongo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Shipped first-party releases reach the marketplace once, with every check an ISV's release gets. */
class FirstPartyCatalogueTest {
    private static InJvmMongo server;
    private static MongoClient client;
    private Marketplace marketplace;
    private FirstPartyCatalogue catalogue;

    @BeforeAll
    static void start() {
        server = InJvmMongo.start();
        client = MongoClients.create(server.connectionString());
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @BeforeEach
    void freshMarketplace() {
        marketplace = new Marketplace(client.getDatabase("fp" + UUID.randomUUID().toString().substring(0, 8)),
                new PackageReader(PackageLimits.defaults()), Clock.systemUTC());
        catalogue = new FirstPartyCatalogue(marketplace);
    }

    @Test
    void publishesWhatIsMissingOnceAndOnlyTheNewerReleaseAfterAnUpgrade(@TempDir Path dir) throws IOException {
        Path key = dir.resolve("keys/release.pem");
        ship(dir.resolve("v1"), key, "quanyu-coupons", "1.0.0");
        ship(dir.resolve("v1"), key, "quanyu-loyalty", "1.0.0");

        var first = catalogue.publishMissing(FirstPartyCatalogue.find(List.of(dir.resolve("v1"), dir.resolve("none"))));
        var again = catalogue.publishMissing(FirstPartyCatalogue.find(List.of(dir.resolve("v1"))));
        ship(dir.resolve("v2"), key, "quanyu-coupons", "1.1.0");
        ship(dir.resolve("v2"), key, "quanyu-loyalty", "1.0.0");
        var upgrade = catalogue.publishMissing(FirstPartyCatalogue.find(List.of(dir.resolve("v2"))));

        assertThat(first).extracting(FirstPartyCatalogue.Outcome::status).containsExactly("published", "published");
        assertThat(again).extracting(FirstPartyCatalogue.Outcome::status).containsExactly("present", "present");
        assertThat(upgrade).extracting(FirstPartyCatalogue.Outcome::status).containsExactly("published", "present");
        assertThat(marketplace.releases("quanyu-coupons")).extracting(Release::version).containsExactly("1.1.0", "1.0.0");
        assertThat(marketplace.release("quanyu-loyalty", "1.0.0").publisher()).isEqualTo("quanyu");
        assertThat(marketplace.pluginsJson("http://x/")).contains("quanyu-coupons").contains("sha512sum");
    }

    @Test
    void aReleaseThatFailsACheckIsReportedAndTheOthersArePublished(@TempDir Path dir) throws IOException {
        Path key = dir.resolve("release.pem");
        ship(dir, key, "quanyu-coupons", "1.0.0");
        ship(dir, key, "quanyu-forged", "1.0.0");
        Files.write(dir.resolve("quanyu-forged-1.0.0.zip.sig"), new byte[64]);
        ship(dir, key, "acme-notours", "1.0.0");
        Files.writeString(dir.resolve("quanyu-unsigned-1.0.0.zip"), "no signature beside it");

        var outcomes = catalogue.publishMissing(FirstPartyCatalogue.find(List.of(dir)));

        assertThat(outcomes).extracting(o -> o.zip().getFileName() + " " + o.status() + " "
                + o.detail().split(":")[0]).containsExactly(
                "acme-notours-1.0.0.zip refused PLUGIN_PROVIDER_MISMATCH",
                "quanyu-coupons-1.0.0.zip published quanyu-coupons 1.0.0",
                "quanyu-forged-1.0.0.zip refused PLUGIN_SIGNATURE_INVALID");
        assertThat(marketplace.list("", 50)).extracting(PluginListing::id).containsExactly("quanyu-coupons");
    }

    /** What the plugins/ build leaves: the zip, then ReleaseTool's signature and key beside it. */
    private static void ship(Path dir, Path key, String id, String version) throws IOException {
        Files.createDirectories(dir);
        String provider = id.startsWith("quanyu-") ? "quanyu" : "acmesoft";
        Path zip = Files.write(dir.resolve(id + "-" + version + ".zip"), TestPlugins.release(id, version, provider));
        ReleaseTool.release(zip, key, id, version);
    }
}
