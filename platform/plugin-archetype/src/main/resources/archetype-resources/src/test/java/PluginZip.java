package ${package};

import io.quanyu.plugin.testkit.PluginZipBuilder;

import java.nio.file.Path;

/**
 * The release zip, built in the test from what {@code mvn package} puts in it: the files under
 * {@code src/main/plugin} and the classes (with PF4J's {@code extensions.idx}) in {@code target/classes}.
 */
final class PluginZip {
    static final String PLUGIN_ID = "${pluginId}";

    private PluginZip() {
    }

    static byte[] build() {
        return PluginZipBuilder.fromProject(Path.of("")).build();
    }
}
