package io.quanyu.plugins.wechat;

import io.quanyu.plugin.testkit.PluginZipBuilder;

import java.nio.file.Path;

/** The release zip, as {@code mvn package} will build it (WxJava in {@code lib/}), made from this project. */
final class WeChatPluginZip {
    static final String PLUGIN_ID = "channel-wechat";

    private WeChatPluginZip() {
    }

    static byte[] release() {
        return PluginZipBuilder.fromProject(Path.of("")).build();
    }
}
