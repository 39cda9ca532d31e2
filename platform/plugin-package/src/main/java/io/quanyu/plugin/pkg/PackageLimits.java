package io.quanyu.plugin.pkg;

/**
 * The bounds a plugin package must stay within. The reader counts inflated bytes as it reads, so a package that
 * exceeds a bound is refused before it is fully inflated.
 *
 * @param maxCompressedBytes   the zip's own size
 * @param maxUncompressedBytes the sum of all entries' inflated sizes
 * @param maxEntries           the number of entries, directories included
 * @param maxCompressionRatio  inflated bytes per byte of zip, over the whole package
 */
public record PackageLimits(long maxCompressedBytes, long maxUncompressedBytes, int maxEntries, int maxCompressionRatio) {
    private static final long MIB = 1024L * 1024L;

    public PackageLimits {
        if (maxCompressedBytes <= 0 || maxUncompressedBytes <= 0 || maxEntries <= 0 || maxCompressionRatio <= 0) {
            throw new IllegalArgumentException("package limits must be positive");
        }
    }

    /** The SDK README's limits: 20 MiB compressed, 100 MiB uncompressed, 5,000 entries, ratio 100. */
    public static PackageLimits defaults() {
        return new PackageLimits(20 * MIB, 100 * MIB, 5000, 100);
    }
}
