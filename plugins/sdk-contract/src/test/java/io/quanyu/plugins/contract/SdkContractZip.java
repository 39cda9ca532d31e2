package io.quanyu.plugins.contract;

import io.quanyu.plugin.testkit.PluginZipBuilder;

import java.nio.file.Path;

/** The release zip, as {@code mvn package} will build it, made from this project before that phase. */
final class SdkContractZip {
    static final String PLUGIN_ID = "sdk-contract";

    private SdkContractZip() {
    }

    static byte[] build() {
        return PluginZipBuilder.fromProject(Path.of("")).build();
    }
}
