package io.quanyu.plugins.coupons;

import io.quanyu.plugin.testkit.PluginZipBuilder;

import java.nio.file.Path;

/** The release zip, as {@code mvn package} will build it, made from this project before that phase. */
final class CouponsZip {
    static final String PLUGIN_ID = "coupons";

    private CouponsZip() {
    }

    static byte[] build() {
        return PluginZipBuilder.fromProject(Path.of("")).build();
    }
}
