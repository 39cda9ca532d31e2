package io.quanyu.plugin.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds a plugin release zip inside a test, from a manifest and classes on the test's class path, in the layout the
 * platform accepts (see the SDK's README): {@code META-INF/quanyu/plugin.json}, {@code classes/} with PF4J's
 * {@code META-INF/extensions.idx} listing the extension classes, {@code lib/}. A class's nested and anonymous
 * classes come with it. Raw entries can be added to build broken packages on purpose.
 *
 * <pre>{@code
 * byte[] zip = PluginZipBuilder.create()
 *         .manifest(json)
 *         .extension(GreetOperation.class)
 *         .build();
 * }</pre>
 */
public final class PluginZipBuilder {
    private final Map<String, byte[]> entries = new LinkedHashMap<>();
    private final Set<String> extensions = new LinkedHashSet<>();
    private String manifest;

    private PluginZipBuilder() {
    }

    public static PluginZipBuilder create() {
        return new PluginZipBuilder();
    }

    /**
     * The zip {@code mvn package} builds for the plugin project in {@code projectDir}, made in a test before that
     * phase: every file under {@code src/main/plugin} at the root (the manifest, object types) and every file the
     * compiler wrote to {@code target/classes} (PF4J's {@code extensions.idx} included) under {@code classes/}. An
     * extension that lost its {@code @Extension} is missing here as it would be in the release. The plugin's own
     * libraries go to {@code lib/} from {@code target/plugin-lib}, where the {@code plugins/} parent copies the
     * runtime dependencies before the tests run (a plugin sees nothing of the test's class path but the SDK).
     */
    public static PluginZipBuilder fromProject(Path projectDir) {
        Path plugin = projectDir.resolve("src/main/plugin");
        Path classes = projectDir.resolve("target/classes");
        if (!Files.isRegularFile(plugin.resolve("META-INF/quanyu/plugin.json"))) {
            throw new IllegalArgumentException(plugin.toAbsolutePath() + " has no META-INF/quanyu/plugin.json");
        }
        PluginZipBuilder zip = create();
        addTree(zip, plugin, "");
        if (Files.isDirectory(classes)) {
            addTree(zip, classes, "classes/");
        }
        Path libs = projectDir.resolve("target/plugin-lib");
        if (Files.isDirectory(libs)) {
            try (Stream<Path> jars = Files.list(libs)) {
                for (Path jar : jars.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                    zip.lib(jar.getFileName().toString(), Files.readAllBytes(jar));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return zip;
    }

    private static void addTree(PluginZipBuilder zip, Path root, String prefix) {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = prefix + root.relativize(file).toString().replace('\\', '/');
                zip.entries.put(name, Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The manifest, as JSON text. */
    public PluginZipBuilder manifest(String json) {
        this.manifest = json;
        return this;
    }

    /** Adds an extension class (with its nested classes) and lists it in {@code extensions.idx}. */
    public PluginZipBuilder extension(Class<?> type) {
        classes(type);
        extensions.add(type.getName());
        return this;
    }

    /** Lists a class name in {@code extensions.idx} without adding its class file (a class that will not load). */
    public PluginZipBuilder extensionName(String className) {
        extensions.add(className);
        return this;
    }

    /** Adds classes (with their nested and anonymous classes) the plugin needs but that are not extensions. */
    public PluginZipBuilder classes(Class<?>... types) {
        for (Class<?> type : types) {
            addClass(type);
        }
        return this;
    }

    /** An object type the plugin contributes, at {@code META-INF/quanyu/objects/<file>}. */
    public PluginZipBuilder object(String file, String json) {
        return entry("META-INF/quanyu/objects/" + file, json.getBytes(StandardCharsets.UTF_8));
    }

    /** A resource on the plugin's class path ({@code classes/<path>}). */
    public PluginZipBuilder resource(String path, byte[] content) {
        return entry("classes/" + path, content);
    }

    /** A library jar in {@code lib/}. */
    public PluginZipBuilder lib(String fileName, byte[] jar) {
        return entry("lib/" + fileName, jar);
    }

    /** Any entry, exactly as named (for building broken packages in tests). */
    public PluginZipBuilder entry(String name, byte[] content) {
        entries.put(name, content);
        return this;
    }

    /** The zip's bytes. */
    public byte[] build() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            if (manifest != null) {
                put(zip, "META-INF/quanyu/plugin.json", manifest.getBytes(StandardCharsets.UTF_8));
            }
            if (!extensions.isEmpty()) {
                put(zip, "classes/META-INF/extensions.idx",
                        (String.join("\n", extensions) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                put(zip, e.getKey(), e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The zip and its signature by {@code key} (Ed25519, or RSA with SHA-256), as the marketplace expects them. */
    public SignedRelease buildSigned(PrivateKey key) {
        byte[] zip = build();
        return new SignedRelease(zip, sign(zip, key));
    }

    /**
     * The newest signed release a plugin's build left in {@code target} ({@code <pluginId>-<x.y.z>.zip}), for a test or
     * a benchmark that runs another module's plugin as its build made it, whatever its version.
     *
     * @throws IllegalStateException naming the folder, when it holds no release of the plugin (build it first)
     */
    public static Path newestRelease(Path target, String pluginId) {
        String missing = "no release of " + pluginId + " in " + target.toAbsolutePath().normalize()
                + ": build the plugins first (mvn install from the root)";
        if (!Files.isDirectory(target)) {
            throw new IllegalStateException(missing);
        }
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches(java.util.regex.Pattern.quote(pluginId)
                            + "-\\d+\\.\\d+\\.\\d+\\.zip"))
                    .max(java.util.Comparator.comparing(PluginZipBuilder::releaseVersion))
                    .orElseThrow(() -> new IllegalStateException(missing));
        } catch (IOException e) {
            throw new UncheckedIOException(missing, e);
        }
    }

    /** The version a release zip's name carries ({@code coupons-1.3.0.zip}: 1.3.0). */
    public static java.lang.module.ModuleDescriptor.Version releaseVersion(Path zip) {
        String name = zip.getFileName().toString();
        return java.lang.module.ModuleDescriptor.Version.parse(name.substring(name.lastIndexOf('-') + 1,
                name.length() - ".zip".length()));
    }

    /** Signs bytes the way the marketplace verifies releases. */
    public static byte[] sign(byte[] data, PrivateKey key) {
        try {
            Signature signature = Signature.getInstance("RSA".equals(key.getAlgorithm()) ? "SHA256withRSA" : "Ed25519");
            signature.initSign(key);
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with a " + key.getAlgorithm() + " key", e);
        }
    }

    /** A zip and its detached signature. */
    public record SignedRelease(byte[] zip, byte[] signature) {
    }

    private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }

    private void addClass(Class<?> type) {
        String path = type.getName().replace('.', '/') + ".class";
        entries.put("classes/" + path, classBytes(type, path));
        for (Class<?> nested : type.getDeclaredClasses()) {
            addClass(nested);
        }
        for (int i = 1; ; i++) {
            String anonymous = type.getName().replace('.', '/') + "$" + i + ".class";
            byte[] bytes = resourceBytes(type, anonymous);
            if (bytes == null) {
                return;
            }
            entries.put("classes/" + anonymous, bytes);
        }
    }

    private static byte[] classBytes(Class<?> type, String path) {
        byte[] bytes = resourceBytes(type, path);
        if (bytes == null) {
            throw new IllegalArgumentException("no class file for " + type.getName() + " on the class path");
        }
        return bytes;
    }

    private static byte[] resourceBytes(Class<?> type, String path) {
        ClassLoader loader = type.getClassLoader() == null ? ClassLoader.getSystemClassLoader() : type.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(path)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
