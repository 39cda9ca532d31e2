package io.quanyu.plugin.pkg;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReleaseToolTest {
    private final ReleaseSignatures signatures = new ReleaseSignatures();

    @Test
    void signsAZipTheMarketplaceAcceptsWithAKeyItCreatesOnce(@TempDir Path dir) throws IOException {
        Path zip = write(dir, "acme-hello-1.2.0.zip", TestPlugins.zip().bytes());
        Path key = dir.resolve("keys/release.pem");

        ReleaseTool.Release first = ReleaseTool.release(zip, key, "acme-hello", "1.2.0");
        ReleaseTool.Release second = ReleaseTool.release(zip, key, "acme-hello", "1.2.0");

        assertThat(first.keyCreated()).isTrue();
        assertThat(second.keyCreated()).as("the key made by the first run is reused").isFalse();
        assertThat(second.keyId()).isEqualTo(first.keyId());
        assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        PublicKey published = signatures.publicKey(Files.readString(first.publicKey()));
        assertThat(signatures.verifies(published, Files.readAllBytes(zip), Files.readAllBytes(first.signature())))
                .isTrue();
        assertThat(Files.readString(first.sha512()))
                .isEqualTo(ReleaseSignatures.sha512(Files.readAllBytes(zip)) + "  acme-hello-1.2.0.zip\n");
    }

    @Test
    void readsAKeyMadeElsewhereAndDerivesTheSamePublicHalf(@TempDir Path dir) throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path key = dir.resolve("openssl.pem");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Path zip = write(dir, "acme-hello-1.2.0.zip", TestPlugins.zip().bytes());

        ReleaseTool.Release release = ReleaseTool.release(zip, key, "acme-hello", "1.2.0");

        assertThat(release.keyCreated()).isFalse();
        assertThat(release.keyId()).isEqualTo(ReleaseSignatures.keyId(pair.getPublic()));
        assertThat(signatures.verifies(pair.getPublic(), Files.readAllBytes(zip),
                Files.readAllBytes(release.signature()))).isTrue();
    }

    @Test
    void refusesAZipTheMarketplaceWouldRefuseWithItsCode(@TempDir Path dir) throws IOException {
        var manifest = TestPlugins.manifest().put("version", "one");
        Path zip = write(dir, "acme-hello-one.zip", TestPlugins.zip(manifest).bytes());

        assertThatThrownBy(() -> ReleaseTool.release(zip, dir.resolve("k.pem"), "acme-hello", "one"))
                .isInstanceOfSatisfying(QuanyuException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.PLUGIN_MANIFEST_INVALID));
        assertThat(dir.resolve("acme-hello-one.zip.sig")).doesNotExist();
        assertThat(dir.resolve("k.pem")).as("no key is made for a refused zip").doesNotExist();
    }

    @Test
    void refusesAManifestThatDriftedFromTheBuild(@TempDir Path dir) throws IOException {
        Path zip = write(dir, "acme-hello-1.3.0.zip", TestPlugins.zip().bytes());

        assertThatThrownBy(() -> ReleaseTool.release(zip, dir.resolve("k.pem"), "acme-hi", "1.3.0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the manifest's id is \"acme-hello\", the build's is \"acme-hi\"")
                .hasMessageContaining("the manifest's version is \"1.2.0\", the build's is \"1.3.0\"");
    }

    @Test
    void refusesAKeyThatIsNotAnEd25519PrivateKey(@TempDir Path dir) throws Exception {
        Path zip = write(dir, "acme-hello-1.2.0.zip", TestPlugins.zip().bytes());
        Path rsa = dir.resolve("rsa.pem");
        var pair = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        Files.writeString(rsa, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        Path publicPem = dir.resolve("public.pem");
        Files.writeString(publicPem, ReleaseSignatures.pem(pair.getPublic()));

        assertThatThrownBy(() -> ReleaseTool.release(zip, rsa, "acme-hello", "1.2.0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an Ed25519 private key");
        assertThatThrownBy(() -> ReleaseTool.release(zip, publicPem, "acme-hello", "1.2.0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a PKCS#8 PEM private key");
    }

    private static Path write(Path dir, String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }
}
