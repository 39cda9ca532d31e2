package io.quanyu.plugins.wechat;

import io.quanyu.plugin.testkit.PluginZipBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The release zip, as {@code mvn package} will build it (WxJava in {@code lib/}), made from this project. */
final class WeChatPluginZip {
    static final String PLUGIN_ID = "channel-wechat";
    private static final Path MANIFEST = Path.of("src/main/plugin/META-INF/quanyu/plugin.json");
    private static final String EGRESS = "\"mp.weixin.qq.com\"\n  ]";

    private WeChatPluginZip() {
    }

    static byte[] release() {
        return PluginZipBuilder.fromProject(Path.of("")).build();
    }

    /**
     * The release with {@code 127.0.0.1} added to its egress, where the WeChat fake listens, as an operator pointing
     * the plugin's API address at a test double would declare it (an address with a scheme is not a host a setting
     * can name in {@code egressSettings}).
     */
    static byte[] reachingLoopback() {
        try {
            String manifest = Files.readString(MANIFEST);
            if (!manifest.contains(EGRESS)) {
                throw new IllegalStateException("the manifest's egress changed: update " + WeChatPluginZip.class);
            }
            String widened = manifest.replace(EGRESS, "\"mp.weixin.qq.com\", \"127.0.0.1\"\n  ]");
            return PluginZipBuilder.fromProject(Path.of(""))
                    .entry("META-INF/quanyu/plugin.json", widened.getBytes(StandardCharsets.UTF_8)).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
