package io.quanyu.plugin.pkg;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Unpacks a checked {@link PluginPackage} into a directory of its own. Every entry's resolved path is checked again
 * to stay inside the target (defence in depth: the reader already refused unsafe names). The files are written into
 * a temporary sibling directory that is then moved into place atomically, so the target either holds the whole
 * package or does not exist.
 */
public final class PackageExtractor {
    private PackageExtractor() {
    }

    /**
     * Unpacks {@code pkg} into {@code dir}, which must not exist yet; its parent is created when missing.
     *
     * @return {@code dir}
     * @throws UncheckedIOException when writing fails (nothing is left behind) or {@code dir} already exists
     */
    public static Path extract(PluginPackage pkg, Path dir) {
        Path target = dir.toAbsolutePath().normalize();
        Path staging = target.resolveSibling(target.getFileName() + ".tmp-" + UUID.randomUUID());
        try {
            if (Files.exists(target)) {
                throw new FileAlreadyExistsException(target.toString());
            }
            Files.createDirectories(staging);
            write(pkg.zip(), staging);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(staging);
        }
    }

    private static void write(byte[] zip, Path root) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path path = root.resolve(entry.getName()).normalize();
                if (!path.startsWith(root) || path.equals(root)) {
                    throw new IOException("entry " + Problems.printable(entry.getName()) + " leaves the target directory");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(in, path);
                }
            }
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: a leftover staging directory never shadows a real one
        }
    }
}
