package io.quanyu.plugins.loyalty;

import io.quanyu.plugin.testkit.PluginZipBuilder;

import java.nio.file.Path;

/** The release zip, as {@code mvn package} will build it, made from this project before that phase. */
final class LoyaltyZip {
    private LoyaltyZip() {
    }

    static byte[] build() {
        return PluginZipBuilder.fromProject(Path.of("")).build();
    }
}
