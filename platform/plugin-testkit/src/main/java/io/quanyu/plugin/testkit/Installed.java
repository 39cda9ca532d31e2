package io.quanyu.plugin.testkit;

import io.quanyu.plugin.runtime.PluginKey;

/**
 * A release installed on a {@link TestHost}: the plugin's id and version, which every call of the host names.
 *
 * @param id      the manifest's id
 * @param version the manifest's version
 */
public record Installed(String id, String version) {

    /** The runtime's key of the release, for calls on {@link TestHost#runtime()}. */
    public PluginKey key() {
        return new PluginKey(id, version);
    }

    static Installed of(PluginKey key) {
        return new Installed(key.id(), key.version());
    }

    @Override
    public String toString() {
        return id + "@" + version;
    }
}
