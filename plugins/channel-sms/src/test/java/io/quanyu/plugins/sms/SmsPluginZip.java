package io.quanyu.plugins.sms;

import io.quanyu.plugin.testkit.PluginZipBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The release zip, as {@code mvn package} will build it, made from this project before that phase. */
final class SmsPluginZip {
    static final String PLUGIN_ID = "channel-sms";
    private static final Path MANIFEST = Path.of("src/main/plugin/META-INF/quanyu/plugin.json");
    private static final String EGRESS = "\"egress\": [\"dysmsapi.aliyuncs.com\"]";

    private SmsPluginZip() {
    }

    static byte[] release() {
        return PluginZipBuilder.fromProject(Path.of("")).build();
    }

    /**
     * The release with {@code 127.0.0.1} added to its egress, where the tests' fake Dysmsapi listens, as an operator
     * pointing the plugin at a provider's test double would have to declare it.
     */
    static byte[] reachingLoopback() {
        try {
            String manifest = Files.readString(MANIFEST);
            if (!manifest.contains(EGRESS)) {
                throw new IllegalStateException("the manifest's egress changed: update " + SmsPluginZip.class);
            }
            String widened = manifest.replace(EGRESS, "\"egress\": [\"dysmsapi.aliyuncs.com\", \"127.0.0.1\"]");
            return PluginZipBuilder.fromProject(Path.of(""))
                    .entry("META-INF/quanyu/plugin.json", widened.getBytes(StandardCharsets.UTF_8)).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
