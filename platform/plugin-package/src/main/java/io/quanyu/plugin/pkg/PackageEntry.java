package io.quanyu.plugin.pkg;

/** One entry read from a package: its name as stored, its inflated bytes and their CRC-32. */
record PackageEntry(String name, byte[] data, long crc) {
    boolean directory() {
        return name.endsWith("/");
    }
}
