package io.quanyu.plugin.pkg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Cross-checks what {@link java.util.zip.ZipInputStream} read (the local headers) against the central directory, as
 * {@link ZipFile} sees it: the same names, sizes and CRCs. Tools disagree on which of the two they trust, so a zip
 * whose two views differ (hidden or shadowed entries, a truncated or missing directory) is refused.
 */
final class CentralDirectory {
    private CentralDirectory() {
    }

    static void verify(byte[] zip, List<PackageEntry> streamed) {
        List<Summary> central = read(zip);
        List<Summary> local = new ArrayList<>();
        streamed.forEach(e -> local.add(new Summary(e.name(), e.data().length, e.crc())));
        Comparator<Summary> order = Comparator.comparing(Summary::name).thenComparing(Summary::crc);
        local.sort(order);
        central.sort(order);
        if (!local.equals(central)) {
            throw Problems.corrupt("the central directory does not match the entries", null);
        }
    }

    private static List<Summary> read(byte[] zip) {
        Path file = null;
        try {
            file = Files.createTempFile("quanyu-plugin-", ".zip");
            Files.write(file, zip);
            return entries(file);
        } catch (IOException e) {
            throw Problems.corrupt("the central directory cannot be read: " + e.getMessage(), e);
        } finally {
            deleteQuietly(file);
        }
    }

    private static List<Summary> entries(Path file) throws IOException {
        List<Summary> out = new ArrayList<>();
        try (ZipFile zipFile = new ZipFile(file.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zipFile.entries())) {
                out.add(new Summary(entry.getName(), entry.getSize(), entry.getCrc()));
            }
        }
        return out;
    }

    private static void deleteQuietly(Path file) {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // a leftover temp file is harmless; the next JVM temp cleanup removes it
        }
    }

    private record Summary(String name, long size, long crc) {
    }
}
