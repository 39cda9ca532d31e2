package io.quanyu.plugin.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginZipBuilderTest {

    @Test
    void fromProjectHoldsWhatTheReleaseZipHoldsBesidesLibraries(@TempDir Path project) throws IOException {
        write(project.resolve("src/main/plugin/META-INF/quanyu/plugin.json"), "{\"id\":\"acme-x\"}");
        write(project.resolve("src/main/plugin/META-INF/quanyu/objects/card.json"), "{}");
        write(project.resolve("target/classes/META-INF/extensions.idx"), "com.acme.X\n");
        write(project.resolve("target/classes/com/acme/X.class"), "cafe");
        write(project.resolve("target/classes/messages.properties"), "hi=hello");
        write(project.resolve("target/test-classes/com/acme/XTest.class"), "test");

        List<String> names = names(PluginZipBuilder.fromProject(project).build());

        assertThat(names).containsExactlyInAnyOrder("META-INF/quanyu/plugin.json",
                "META-INF/quanyu/objects/card.json", "classes/META-INF/extensions.idx", "classes/com/acme/X.class",
                "classes/messages.properties");
    }

    @Test
    void fromProjectNeedsAManifest(@TempDir Path project) {
        assertThatThrownBy(() -> PluginZipBuilder.fromProject(project))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no META-INF/quanyu/plugin.json");
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static List<String> names(byte[] zip) throws IOException {
        List<String> out = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.add(e.getName());
            }
        }
        return out;
    }
}
