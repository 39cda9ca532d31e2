package io.quanyu.plugin.pkg;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads every entry of a zip through {@link ZipInputStream} (which checks each entry's CRC), counting entries and
 * inflated bytes as it goes, so that a zip bomb is stopped after at most one buffer beyond a limit.
 */
final class ZipScan {
    private static final int BUFFER = 64 * 1024;

    private final long maxBytes;
    private final int maxEntries;
    private final long maxRatioBytes;
    private final int ratio;
    private long inflated;

    /**
     * @param limits     the bounds
     * @param zipSize    the size of the zip being read, for the compression ratio
     */
    ZipScan(PackageLimits limits, long zipSize) {
        this.maxBytes = limits.maxUncompressedBytes();
        this.maxEntries = limits.maxEntries();
        this.ratio = limits.maxCompressionRatio();
        this.maxRatioBytes = Math.max(zipSize, 1) * (long) limits.maxCompressionRatio();
    }

    /** Reads every entry fully and keeps its bytes. */
    List<PackageEntry> entries(byte[] zip) {
        List<PackageEntry> out = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (out.size() == maxEntries) {
                    throw Problems.tooLarge("more than " + maxEntries + " entries", null, maxEntries);
                }
                out.add(read(entry.getName(), in, true));
            }
        } catch (IOException | IllegalArgumentException e) {
            throw Problems.corrupt(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw Problems.corrupt("not a zip file (no entries)", null);
        }
        return out;
    }

    /** Reads a nested zip (a {@code lib/} jar) fully without keeping it; its inflated bytes count too. */
    boolean readable(byte[] zip) {
        int entries = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                read(entry.getName(), in, false);
                entries++;
            }
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
        return entries > 0;
    }

    private PackageEntry read(String name, InputStream in, boolean keep) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[BUFFER];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            count(name, n);
            crc.update(buffer, 0, n);
            if (keep) {
                data.write(buffer, 0, n);
            }
        }
        return new PackageEntry(name, data.toByteArray(), crc.getValue());
    }

    private void count(String entry, int n) {
        inflated += n;
        if (inflated > maxBytes) {
            throw Problems.tooLarge("more than " + maxBytes + " bytes uncompressed", Problems.printable(entry), maxBytes);
        }
        if (inflated > maxRatioBytes) {
            throw Problems.tooLarge("compression ratio above " + ratio, Problems.printable(entry), ratio);
        }
    }
}
