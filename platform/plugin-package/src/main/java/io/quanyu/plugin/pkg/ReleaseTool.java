package io.quanyu.plugin.pkg;

import io.quanyu.core.error.QuanyuException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * Turns a built plugin zip into a release, as the build's last step (the {@code plugins/} parent runs it): it checks
 * the zip with the marketplace's own {@link PackageReader}, so a release the marketplace would refuse fails the
 * build, checks that the manifest names the plugin and version the build does, and signs the zip's bytes with an
 * Ed25519 key. It writes three files next to the zip: {@code <zip>.sig} (the 64 raw signature bytes, as
 * {@code openssl pkeyutl -sign -rawin} writes them), {@code <zip>.sha512} and {@code <zip>.pub} (the public key as
 * PEM, the one to register for the publisher).
 * <p>
 * The key is a PKCS#8 PEM file ({@code openssl genpkey -algorithm ed25519}). When the file does not exist the tool
 * creates a development key there (owner-only permissions) and says so: a real release passes the publisher's key.
 */
public final class ReleaseTool {
    private static final String PRIVATE_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PRIVATE_END = "-----END PRIVATE KEY-----";
    private static final int ED25519_PKCS8_LENGTH = 48;

    private ReleaseTool() {
    }

    /**
     * {@code ReleaseTool <zip> <private-key.pem> <expected id> <expected version>}.
     *
     * @throws IllegalArgumentException for a wrong argument count, a zip that does not match the build, or a key
     *                                  that is not an Ed25519 PKCS#8 key; {@link QuanyuException} with the
     *                                  marketplace's code for a zip it would refuse
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            throw new IllegalArgumentException("usage: ReleaseTool <zip> <private-key.pem> <plugin id> <version>");
        }
        Release release = release(Path.of(args[0]), Path.of(args[1]), args[2], args[3]);
        System.out.println("[quanyu] release " + release.zip().getFileName() + " signed with key "
                + release.keyId() + (release.keyCreated() ? " (a development key, created at " + args[1] + ")" : ""));
    }

    /** What {@link #release} wrote. */
    public record Release(Path zip, Path signature, Path sha512, Path publicKey, String keyId, boolean keyCreated) {
    }

    /** Checks {@code zip}, signs it with the key at {@code keyFile} (created when absent) and writes the files. */
    public static Release release(Path zip, Path keyFile, String expectedId, String expectedVersion)
            throws IOException {
        byte[] bytes = Files.readAllBytes(zip);
        PluginManifest manifest = new PackageReader(PackageLimits.defaults()).read(bytes).manifest();
        List<String> mismatches = new java.util.ArrayList<>();
        if (!manifest.id().equals(expectedId)) {
            mismatches.add("the manifest's id is \"" + manifest.id() + "\", the build's is \"" + expectedId + "\"");
        }
        if (!manifest.version().equals(expectedVersion)) {
            mismatches.add("the manifest's version is \"" + manifest.version() + "\", the build's is \""
                    + expectedVersion + "\"");
        }
        if (!mismatches.isEmpty()) {
            throw new IllegalArgumentException(zip.getFileName() + ": " + String.join("; ", mismatches));
        }
        boolean created = !Files.exists(keyFile);
        KeyPair keys = created ? createKey(keyFile) : readKey(keyFile);
        byte[] signature = sign(keys.getPrivate(), bytes);
        if (!new ReleaseSignatures().verifies(keys.getPublic(), bytes, signature)) {
            throw new IllegalStateException("the signature just made does not verify");
        }
        Path sig = sibling(zip, ".sig");
        Path sha = sibling(zip, ".sha512");
        Path pub = sibling(zip, ".pub");
        Files.write(sig, signature);
        Files.writeString(sha, ReleaseSignatures.sha512(bytes) + "  " + zip.getFileName() + "\n");
        Files.writeString(pub, ReleaseSignatures.pem(keys.getPublic()));
        return new Release(zip, sig, sha, pub, ReleaseSignatures.keyId(keys.getPublic()), created);
    }

    /** Reads an Ed25519 private key from PKCS#8 PEM and derives its public half. */
    static KeyPair readKey(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        if (!text.contains(PRIVATE_BEGIN)) {
            throw new IllegalArgumentException(file + " is not a PKCS#8 PEM private key (" + PRIVATE_BEGIN + ")");
        }
        byte[] der = Base64.getDecoder().decode(text.substring(text.indexOf(PRIVATE_BEGIN) + PRIVATE_BEGIN.length(),
                text.indexOf(PRIVATE_END)).replaceAll("\\s", ""));
        try {
            PrivateKey key = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
            return new KeyPair(publicOf(der), key);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + " is not an Ed25519 private key", e);
        }
    }

    /**
     * The public half of a PKCS#8 Ed25519 key. The JDK has no call that derives it, but its generator turns 32
     * random bytes into the private key, so a generator fed the key's own 32 bytes yields the same pair. Only the
     * plain 48-byte encoding (OpenSSL's and the JDK's) is read: its last 32 bytes are the key.
     */
    private static PublicKey publicOf(byte[] pkcs8) throws GeneralSecurityException {
        if (pkcs8.length != ED25519_PKCS8_LENGTH) {
            throw new java.security.spec.InvalidKeySpecException("an Ed25519 PKCS#8 key of "
                    + ED25519_PKCS8_LENGTH + " bytes is expected, this one has " + pkcs8.length);
        }
        byte[] seed = java.util.Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(255, new FixedRandom(seed));
        return generator.generateKeyPair().getPublic();
    }

    private static KeyPair createKey(Path file) throws IOException {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Files.createDirectories(file.toAbsolutePath().getParent());
            String pem = PRIVATE_BEGIN + "\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(pair.getPrivate().getEncoded()) + "\n" + PRIVATE_END + "\n";
            Files.writeString(file, pem, StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // a file system without POSIX permissions keeps its defaults
            }
            return pair;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is a required JDK algorithm", e);
        }
    }

    private static byte[] sign(PrivateKey key, byte[] data) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(data);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign with an Ed25519 key", e);
        }
    }

    private static Path sibling(Path zip, String suffix) {
        return zip.resolveSibling(zip.getFileName() + suffix);
    }

    /** Hands the generator exactly the seed: Ed25519 key generation reads 32 random bytes, the private key. */
    private static final class FixedRandom extends java.security.SecureRandom {
        private final byte[] seed;

        FixedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
        }
    }
}
