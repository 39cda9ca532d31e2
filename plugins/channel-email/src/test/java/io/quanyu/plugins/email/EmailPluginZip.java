package io.quanyu.plugins.email;

import io.quanyu.plugin.testkit.PluginZipBuilder;

import java.nio.file.Path;

/** The release zip, as {@code mvn package} will build it (with the plugin's libraries in {@code lib/}), made in a test. */
final class EmailPluginZip {
    static final String PLUGIN_ID = "channel-email";

    private EmailPluginZip() {
    }

    static byte[] release() {
        return PluginZipBuilder.fromProject(Path.of("")).build();
    }
}
