package com.example.hello;

import io.quanyu.plugin.testkit.PluginZipBuilder;

import java.nio.file.Path;

/**
 * The release zip, built in the test from what {@code mvn package} puts in it: the files under
 * {@code src/main/plugin} and the classes (with PF4J's {@code extensions.idx}) in {@code target/classes}. An
 * extension that lost its {@code @Extension} is missing here just as it would be in the real zip.
 */
final class HelloPluginZip {
    static final String PLUGIN_ID = "hello-example";

    private HelloPluginZip() {
    }

    static byte[] build() {
        return PluginZipBuilder.fromProject(Path.of("")).build();
    }
}
