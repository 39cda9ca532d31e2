package io.quanyu.plugin.pkg;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds zips in tests with {@code java.util.zip}, plus the byte-level damage real attacks use. */
public final class TestZip {
    private final Map<String, byte[]> entries = new LinkedHashMap<>();
    private boolean stored;

    public static TestZip create() {
        return new TestZip();
    }

    /** Adds or replaces an entry (a name ending in {@code /} is a directory). */
    public TestZip with(String name, byte[] data) {
        entries.put(name, data);
        return this;
    }

    public TestZip with(String name, String text) {
        return with(name, text.getBytes(StandardCharsets.UTF_8));
    }

    public TestZip without(String name) {
        entries.remove(name);
        return this;
    }

    /** Stores entries uncompressed (with sizes and CRCs in the local headers). */
    public TestZip stored() {
        stored = true;
        return this;
    }

    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(entry(e.getKey(), e.getValue()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private ZipEntry entry(String name, byte[] data) {
        ZipEntry entry = new ZipEntry(name);
        if (stored) {
            CRC32 crc = new CRC32();
            crc.update(data);
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(data.length);
            entry.setCompressedSize(data.length);
            entry.setCrc(crc.getValue());
        }
        return entry;
    }

    /** Replaces every occurrence of {@code from} by {@code to} (same length): renames in headers and directory. */
    public static byte[] replaceAll(byte[] zip, String from, String to) {
        return replace(zip, from, to, false);
    }

    /** Replaces only the last occurrence (in the central directory): the two views of the zip then disagree. */
    public static byte[] replaceLast(byte[] zip, String from, String to) {
        return replace(zip, from, to, true);
    }

    private static byte[] replace(byte[] zip, String from, String to, boolean lastOnly) {
        byte[] a = from.getBytes(StandardCharsets.UTF_8);
        byte[] b = to.getBytes(StandardCharsets.UTF_8);
        if (a.length != b.length) {
            throw new IllegalArgumentException("names must have the same length");
        }
        byte[] out = zip.clone();
        for (int i = out.length - a.length; i >= 0; i--) {
            if (Arrays.equals(out, i, i + a.length, a, 0, a.length)) {
                System.arraycopy(b, 0, out, i, b.length);
                if (lastOnly) {
                    break;
                }
            }
        }
        return out;
    }
}
