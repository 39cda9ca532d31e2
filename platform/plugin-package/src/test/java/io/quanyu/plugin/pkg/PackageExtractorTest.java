package io.quanyu.plugin.pkg;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PackageExtractorTest {
    @TempDir
    Path temp;

    @Test
    void unpacksEveryEntryIntoTheTarget() throws Exception {
        PluginPackage pkg = new PackageReader(PackageLimits.defaults()).read(TestPlugins.zip().bytes());
        Path dir = PackageExtractor.extract(pkg, temp.resolve("plugins/acme-hello/1.2.0"));
        assertThat(dir.resolve("META-INF/quanyu/plugin.json")).isRegularFile();
        assertThat(dir.resolve("classes/META-INF/extensions.idx")).hasContent("com.acme.hello.Greet");
        assertThat(dir.resolve("lib/acme-util-1.0.jar")).hasBinaryContent(TestPlugins.jar());
        try (var siblings = Files.list(dir.getParent())) {
            assertThat(siblings).containsExactly(dir);
        }
    }

    @Test
    void leavesAnExistingDirectoryAlone() throws Exception {
        PluginPackage pkg = new PackageReader(PackageLimits.defaults()).read(TestPlugins.zip().bytes());
        Path dir = Files.createDirectories(temp.resolve("taken"));
        Files.writeString(dir.resolve("keep.txt"), "mine");
        assertThatThrownBy(() -> PackageExtractor.extract(pkg, dir)).isInstanceOf(UncheckedIOException.class);
        assertThat(dir.resolve("keep.txt")).hasContent("mine");
    }

    @Test
    void checksEveryPathAgainAndLeavesNothingBehind() throws Exception {
        PluginPackage checked = new PackageReader(PackageLimits.defaults()).read(TestPlugins.zip().bytes());
        byte[] evil = TestZip.create().with("classes/a.class", "a").with("../../escaped.txt", "x").bytes();
        PluginPackage forged = new PluginPackage(checked.manifest(), List.of(), "", evil.length, evil);
        Path dir = temp.resolve("root/target");
        assertThatThrownBy(() -> PackageExtractor.extract(forged, dir)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("leaves the target directory");
        assertThat(dir).doesNotExist();
        assertThat(temp.resolve("escaped.txt")).doesNotExist();
        try (var siblings = Files.list(temp.resolve("root"))) {
            assertThat(siblings).isEmpty();
        }
    }
}
