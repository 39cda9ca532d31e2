package io.quanyu.plugin.pkg;

import io.quanyu.objects.model.ObjectType;

import java.util.List;

/**
 * A plugin release that passed every check of {@link PackageReader}.
 *
 * @param manifest the checked manifest
 * @param objects  the object types the plugin contributes, in manifest order; api names start with
 *                 {@link PluginManifest#objectPrefix()}
 * @param sha512   the zip's SHA-512, lower-case hex
 * @param size     the zip's size in bytes
 * @param zip      the zip's bytes; not copied (neither here nor by the accessor), so callers must not change them
 */
public record PluginPackage(PluginManifest manifest, List<ObjectType> objects, String sha512, long size, byte[] zip) {
    public PluginPackage {
        objects = List.copyOf(objects);
    }

    /** The plugin's id, from the manifest. */
    public String id() {
        return manifest.id();
    }

    /** The release's version, from the manifest. */
    public String version() {
        return manifest.version();
    }
}
