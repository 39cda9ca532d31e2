package io.quanyu.server.it;

import io.quanyu.plugin.sdk.Sdk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.DefaultPluginManager;
import org.pf4j.update.DefaultUpdateRepository;
import org.pf4j.update.FileVerifier;
import org.pf4j.update.PluginInfo;
import org.pf4j.update.UpdateManager;
import org.pf4j.update.UpdateRepository;
import org.pf4j.update.VerifyException;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The marketplace index as pf4j-update's own client reads it, without a token: {@code UpdateManager} lists the
 * first-party releases, finds the SDK contract plugin available for this platform's SDK, and downloads its release
 * through the repository's downloader and sha512 verifier; a file that does not match the index's sum is refused.
 */
class MarketplaceIndexIT extends RealServersIT {

    /** The stock client; {@code downloadPlugin} is how it fetches and verifies a release before installing it. */
    private static final class Client extends UpdateManager {
        Client(DefaultPluginManager plugins, List<UpdateRepository> repositories) {
            super(plugins, repositories);
        }

        Path download(String id, String version) {
            return downloadPlugin(id, version);
        }
    }

    @Test
    void pf4jUpdatesOwnClientListsTheReleasesAndDownloadsOneWithAMatchingSha512WithoutAToken(@TempDir Path home) throws Exception {
        var plugins = new DefaultPluginManager(home);
        plugins.setSystemVersion(Sdk.VERSION);
        var repository = new DefaultUpdateRepository("quanyu",
                URI.create("http://127.0.0.1:" + port + "/api/v1/marketplace/").toURL());
        Client client = new Client(plugins, List.of(repository));

        PluginInfo contract = client.getPluginsMap().get("sdk-contract");
        assertThat(contract).as("the index lists the first-party release").isNotNull();
        assertThat(contract.releases).extracting(r -> r.version).contains("1.0.0");
        assertThat(client.getAvailablePlugins()).extracting(p -> p.id).as("it runs on this platform's SDK")
                .contains("sdk-contract");

        Path zip = client.download("sdk-contract", "1.0.0");
        String expected = Files.readString(SdkContractPluginIT.RELEASES.resolve("sdk-contract-1.0.0.zip.sha512")).split(" ")[0];
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(Files.readAllBytes(zip))))
                .isEqualTo(expected);

        Files.write(zip, "not the release".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var release = contract.releases.stream().filter(r -> r.version.equals("1.0.0")).findFirst().orElseThrow();
        assertThatThrownBy(() -> repository.getFileVerifier().verify(new FileVerifier.Context("sdk-contract", release), zip))
                .isInstanceOf(VerifyException.class);
        assertThat(api().get("/api/v1/marketplace/plugins", null).status()).as("the rest needs a token").isEqualTo(401);
    }
}
