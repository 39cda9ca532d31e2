package io.quanyu.plugin.pkg;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.objects.model.ObjectType;

import java.util.List;
import java.util.Map;

/**
 * Checks an uploaded plugin zip against the package layout of the plugin SDK's README and reads its manifest and
 * object types. The checks run in this order, each failing with its own code and details ({@code reason},
 * {@code entry}, {@code limit}):
 * <ol>
 *   <li>the zip's size ({@code PLUGIN_PACKAGE_TOO_LARGE});</li>
 *   <li>every entry read fully through a {@code ZipInputStream}, counting entries, inflated bytes and the
 *       compression ratio as it reads, so a zip bomb is stopped early ({@code PLUGIN_PACKAGE_CORRUPT},
 *       {@code PLUGIN_PACKAGE_TOO_LARGE}); then the same entries, sizes and CRCs in the central directory
 *       ({@code PLUGIN_PACKAGE_CORRUPT});</li>
 *   <li>entry names: no absolute paths, drive letters, {@code ..}, {@code .} or empty segments, backslashes, NULs or
 *       duplicates ({@code PLUGIN_PACKAGE_UNSAFE_ENTRY});</li>
 *   <li>layout: only {@code META-INF/quanyu/}, {@code classes/} and {@code lib/*.jar}, jars readable and none of
 *       the host's libraries ({@code PLUGIN_PACKAGE_LAYOUT_INVALID});</li>
 *   <li>the manifest ({@code PLUGIN_MANIFEST_MISSING}, then {@link ManifestParser}); PF4J's extension index when
 *       the manifest declares extensions ({@code PLUGIN_PACKAGE_LAYOUT_INVALID});</li>
 *   <li>each declared object file ({@code PLUGIN_MANIFEST_INVALID} when missing, {@code OBJECT_DEFINITION_INVALID}).</li>
 * </ol>
 * Instances are immutable and thread-safe.
 */
public final class PackageReader {
    private final PackageLimits limits;

    public PackageReader(PackageLimits limits) {
        this.limits = limits;
    }

    /**
     * Checks and reads a package.
     *
     * @param zip the package's bytes; kept (not copied) in the returned package
     * @throws QuanyuException with the first failing check's code
     */
    public PluginPackage read(byte[] zip) {
        if (zip.length > limits.maxCompressedBytes()) {
            throw Problems.tooLarge("the package is " + zip.length + " bytes", null, limits.maxCompressedBytes());
        }
        List<PackageEntry> entries = new ZipScan(limits, zip.length).entries(zip);
        CentralDirectory.verify(zip, entries);
        EntryRules.check(entries, limits);
        PluginManifest manifest = ManifestParser.parse(manifest(entries));
        EntryRules.extensionsIndexed(entries, manifest);
        List<ObjectType> objects = PackageObjects.read(manifest, entries);
        PageRules.checkFields(manifest, objects);
        return new PluginPackage(manifest, objects, ReleaseSignatures.sha512(zip), zip.length, zip);
    }

    private static byte[] manifest(List<PackageEntry> entries) {
        return entries.stream().filter(e -> e.name().equals(ManifestParser.MANIFEST_ENTRY)).findFirst()
                .map(PackageEntry::data)
                .orElseThrow(() -> new QuanyuException(ErrorCode.PLUGIN_MANIFEST_MISSING, Map.of()));
    }
}
