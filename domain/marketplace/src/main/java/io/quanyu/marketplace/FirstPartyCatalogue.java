package io.quanyu.marketplace;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The releases the platform ships, published into its marketplace under the first-party publisher
 * ({@value #PUBLISHER}) when they are not there yet, so a new tenant's marketplace lists them. Each release is the
 * build's output of a {@code plugins/} module: {@code <id>-<version>.zip} with {@code .sig} (Ed25519 signature of the
 * zip) and {@code .pub} (the signing key) beside it. Publishing goes through {@link Marketplace#publish}, so a
 * shipped release gets every check an ISV's does (package, signature, owner, version order, trial load); one that
 * fails is reported and the others are still published. Running it again (every start, on every node) publishes
 * nothing twice and never touches tenants' installations: upgrading the platform only adds the newer releases.
 */
public final class FirstPartyCatalogue {
    /** The publisher account of first-party plugins; their manifests name it as {@code provider}. */
    public static final String PUBLISHER = "quanyu";

    private final Marketplace marketplace;

    public FirstPartyCatalogue(Marketplace marketplace) {
        this.marketplace = marketplace;
    }

    /** One shipped release: the zip and the signature and public key beside it. */
    public record Shipped(Path zip, Path signature, Path publicKey) {
    }

    /** What became of one shipped release. */
    public record Outcome(Path zip, String status, String detail) {
        /** Published now. */
        public static final String PUBLISHED = "published";
        /** Published before (by an earlier start or another node). */
        public static final String PRESENT = "present";
        /** Refused by the marketplace's checks, with the code in {@code detail}. */
        public static final String REFUSED = "refused";
    }

    /** The releases in {@code dirs}: every {@code *.zip} that has its {@code .sig} and {@code .pub}, in name order. */
    public static List<Shipped> find(List<Path> dirs) {
        List<Shipped> out = new ArrayList<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path zip : files.filter(f -> f.getFileName().toString().endsWith(".zip")).sorted().toList()) {
                    Path sig = zip.resolveSibling(zip.getFileName() + ".sig");
                    Path pub = zip.resolveSibling(zip.getFileName() + ".pub");
                    if (Files.isRegularFile(sig) && Files.isRegularFile(pub)) {
                        out.add(new Shipped(zip, sig, pub));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
        }
        return out;
    }

    /** Registers each release's key for {@value #PUBLISHER} and publishes the releases the marketplace lacks. */
    public List<Outcome> publishMissing(List<Shipped> shipped) {
        List<Outcome> out = new ArrayList<>();
        for (Shipped release : shipped) {
            try {
                marketplace.registerKey(PUBLISHER, Files.readString(release.publicKey()));
                Release published = marketplace.publish(PUBLISHER, Files.readAllBytes(release.zip()),
                        Files.readAllBytes(release.signature()), false);
                out.add(new Outcome(release.zip(), Outcome.PUBLISHED, published.pluginId() + " " + published.version()));
            } catch (QuanyuException e) {
                boolean present = e.code() == ErrorCode.PLUGIN_RELEASE_EXISTS;
                out.add(new Outcome(release.zip(), present ? Outcome.PRESENT : Outcome.REFUSED,
                        present ? "" : e.code() + ": " + e.getMessage()));
            } catch (IOException e) {
                out.add(new Outcome(release.zip(), Outcome.REFUSED, "unreadable: " + e.getMessage()));
            }
        }
        return out;
    }
}
