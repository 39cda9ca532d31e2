package io.quanyu.plugin.sdk;

import japicmp.cli.JApiCli;
import japicmp.cmp.JApiCmpArchive;
import japicmp.cmp.JarArchiveComparator;
import japicmp.cmp.JarArchiveComparatorOptions;
import japicmp.config.Options;
import japicmp.model.AccessModifier;
import japicmp.model.JApiClass;
import japicmp.model.JApiCompatibilityChangeType;
import japicmp.model.JApiSemanticVersionLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

import javax.tools.ToolProvider;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The binary-compatibility check that the build runs at {@code verify} (japicmp against {@code compat/}'s 1.0.0 jar,
 * configured in this module's pom), run here with the same configuration read from the pom: the SDK as it is passes,
 * and the same SDK with one method deliberately removed fails, so the check would stop a release that breaks
 * plugins built on 1.0.0.
 */
class ApiCompatibilityTest {
    private static final Path BASELINE = Path.of("compat/quanyu-plugin-sdk-1.0.0.jar");
    private static final Path CLASSES = Path.of("target/classes");

    @Test
    void theSdkKeepsEveryMethodPluginsBuiltOn100Use() throws Exception {
        assertThat(incompatibilities(jar(CLASSES, null))).isEmpty();
    }

    @Test
    void aRemovedMethodIsCaught(@TempDir Path temp) throws Exception {
        Path broken = temp.resolve("broken");
        String source = Files.readString(Path.of("src/main/java/io/quanyu/plugin/sdk/PluginHttp.java"));
        String withoutSend = source.replaceFirst("HttpResponse<String> send\\(HttpRequest request\\);", "");
        assertThat(withoutSend).as("the fixture removes a method").isNotEqualTo(source);
        Path file = temp.resolve("PluginHttp.java");
        Files.writeString(file, withoutSend);
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", broken.toString(),
                "-cp", CLASSES + java.io.File.pathSeparator + System.getProperty("java.class.path"), file.toString());
        assertThat(compiled).isZero();

        assertThat(incompatibilities(jar(CLASSES, broken))).contains("io.quanyu.plugin.sdk.PluginHttp");
    }

    /** The classes with binary-incompatible changes against the baseline, under the pom's configuration. */
    private static List<String> incompatibilities(Path newJar) throws Exception {
        Element config = (Element) DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile())
                .getElementsByTagName("parameter").item(0);
        Options options = Options.newDefault();
        options.setAccessModifier(AccessModifier.valueOf(text(config, "accessModifier").toUpperCase(java.util.Locale.ROOT)));
        options.setOldArchives(List.of(new JApiCmpArchive(BASELINE.toFile(), "1.0.0")));
        options.setNewArchives(List.of(new JApiCmpArchive(newJar.toFile(), Sdk.VERSION)));
        options.setClassPathMode(JApiCli.ClassPathMode.ONE_COMMON_CLASSPATH);
        options.setOldClassPath(Optional.of(System.getProperty("java.class.path")));
        options.setNewClassPath(Optional.of(System.getProperty("java.class.path")));
        var excludes = config.getElementsByTagName("exclude");
        assertThat(excludes.getLength()).as("the accepted breaks listed in the pom").isEqualTo(3);
        for (int i = 0; i < excludes.getLength(); i++) {
            options.addExcludeFromArgument(Optional.of(excludes.item(i).getTextContent().strip()), false);
        }
        JarArchiveComparatorOptions comparatorOptions = JarArchiveComparatorOptions.of(options);
        var overrides = config.getElementsByTagName("overrideCompatibilityChangeParameter");
        for (int i = 0; i < overrides.getLength(); i++) {
            Element o = (Element) overrides.item(i);
            comparatorOptions.addOverrideCompatibilityChange(new JarArchiveComparatorOptions.OverrideCompatibilityChange(
                    JApiCompatibilityChangeType.valueOf(text(o, "compatibilityChange")),
                    Boolean.parseBoolean(text(o, "binaryCompatible")), Boolean.parseBoolean(text(o, "sourceCompatible")),
                    JApiSemanticVersionLevel.valueOf(text(o, "semanticVersionLevel"))));
        }
        List<JApiClass> classes = new JarArchiveComparator(comparatorOptions)
                .compare(options.getOldArchives(), options.getNewArchives());
        return classes.stream().filter(c -> !c.isBinaryCompatible()).map(JApiClass::getFullyQualifiedName).toList();
    }

    private static String text(Element parent, String tag) {
        return parent.getElementsByTagName(tag).item(0).getTextContent().strip();
    }

    /** A jar of the compiled classes, with the classes under {@code overlay} (if any) in place of theirs. */
    private static Path jar(Path classes, Path overlay) throws IOException {
        Path jar = Files.createTempFile("sdk-", ".jar");
        List<Path> roots = new ArrayList<>();
        roots.add(classes);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String name = classes.relativize(f).toString().replace('\\', '/');
                    Path replacement = overlay == null ? null : overlay.resolve(name);
                    zip.putNextEntry(new JarEntry(name));
                    zip.write(Files.readAllBytes(replacement != null && Files.exists(replacement) ? replacement : f));
                    zip.closeEntry();
                }
            }
        }
        jar.toFile().deleteOnExit();
        return jar;
    }
}
