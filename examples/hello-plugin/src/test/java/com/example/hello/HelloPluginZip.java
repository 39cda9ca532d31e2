package com.example.hello;

import io.quanyu.plugin.testkit.PluginZipBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The release zip, built in the test from what {@code mvn package} puts in it: the manifest under
 * {@code src/main/plugin} and the classes PF4J's annotation processor listed in {@code target/classes}. An extension
 * that lost its {@code @Extension} is missing here just as it would be in the real zip.
 */
final class HelloPluginZip {
    static final String PLUGIN_ID = "hello-example";
    private static final Path MANIFEST = Path.of("src/main/plugin/META-INF/quanyu/plugin.json");
    private static final Path EXTENSIONS_INDEX = Path.of("target/classes/META-INF/extensions.idx");

    private HelloPluginZip() {
    }

    static byte[] build() {
        try {
            PluginZipBuilder zip = PluginZipBuilder.create().manifest(Files.readString(MANIFEST));
            for (String line : Files.readAllLines(EXTENSIONS_INDEX)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    zip.extension(Class.forName(line.strip()));
                }
            }
            return zip.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("extensions.idx lists a class that is not compiled", e);
        }
    }
}
