package io.quanyu.server;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The folders are the layers, and Maven arrows point down only: {@code platform/} (the ground) depends on nothing
 * above it, {@code domain/} (features and engines) on the ground and on itself, {@code surfaces/} (builder, server)
 * on anything below; tools ({@code bench/}, {@code dev/}) come last. Plugins ({@code plugins/<name>}) stand apart, as
 * an ISV's would: they depend on the SDK and, for tests, the test kit, and nothing depends on them. Read from the
 * reactor's own poms.
 */
class ModuleLayersTest {
    private static final List<String> LAYERS = List.of("platform", "domain", "surfaces", "tools");
    /** The SDK, the test kit and (in tests, as the provider) the fakes of providers' servers. */
    private static final List<String> PLUGIN_MAY_USE = List.of("quanyu-plugin-sdk", "quanyu-plugin-testkit",
            "quanyu-wechat-fake");
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).resolve("../..").normalize();
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    /** Every artifact a pom names; those that are not the reactor's own modules are ignored. */
    private static final Pattern ARTIFACT = Pattern.compile("<artifactId>([a-z0-9.-]+)</artifactId>");

    /** A module of the reactor: its folder and the artifacts its pom names besides itself (any scope). */
    record Module(String folder, String artifact, List<String> dependencies) {
    }

    @Test
    void everyModuleSitsInALayerFolderAndDependsOnlyOnItsLayerOrBelow() throws IOException {
        List<Module> modules = reactor();
        assertThat(modules).as("the reactor as read").hasSizeGreaterThan(15);
        assertThat(modules).as("the plugins are read too").anyMatch(module -> module.folder().startsWith("plugins/"));
        assertThat(upwardArrows(modules)).as("arrows that run back up a layer").isEmpty();
    }

    @Test
    void theDependencyManagementNamesThePlatformsOwnVersion() throws IOException {
        String pom = Files.readString(ROOT.resolve("pom.xml")).replaceAll("(?s)<parent>.*?</parent>", "");
        Matcher version = Pattern.compile("<version>([^<]+)</version>").matcher(pom);
        Matcher property = Pattern.compile("<quanyu.version>([^<]+)</quanyu.version>").matcher(pom);
        assertThat(version.find() && property.find()).isTrue();
        assertThat(property.group(1)).as("quanyu.version in the root pom").isEqualTo(version.group(1));
    }

    @Test
    void theCheckSeesAPluginThatReachesPastTheSdkAndAModuleThatUsesAPlugin() {
        var sdk = new Module("platform/plugin-sdk", "quanyu-plugin-sdk", List.of());
        var core = new Module("platform/core", "quanyu-core", List.of());
        var plugin = new Module("plugins/coupons", "coupons", List.of("quanyu-plugin-sdk", "quanyu-core"));
        var server = new Module("surfaces/server", "quanyu-server", List.of("coupons"));
        assertThat(upwardArrows(List.of(sdk, core, plugin, server))).containsExactly(
                "plugins/coupons -> platform/core (a plugin uses the SDK and the test kit only)",
                "surfaces/server -> plugins/coupons (nothing depends on a plugin)");
    }


    @Test
    void pluginCodeAndItsTestsImportOnlyTheSdkAndTheTestKit() throws IOException {
        List<Path> roots = new java.util.ArrayList<>(List.of(ROOT.resolve("examples/hello-plugin/src"),
                ROOT.resolve("platform/plugin-archetype/src/main/resources/archetype-resources/src")));
        try (var plugins = Files.list(ROOT.resolve("plugins"))) {
            plugins.filter(p -> Files.isDirectory(p.resolve("src"))).forEach(p -> roots.add(p.resolve("src")));
        }
        List<String> reaching = new java.util.ArrayList<>();
        for (Path root : roots) {
            try (var files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    platformImports(Files.readString(file)).forEach(i -> reaching.add(ROOT.relativize(file) + ": " + i));
                }
            }
        }
        assertThat(roots).as("the example, the archetype and the plugins are read").hasSizeGreaterThan(2);
        assertThat(reaching).as("imports of platform classes in plugin code or tests").isEmpty();
        assertThat(platformImports("import io.quanyu.plugin.runtime.PluginKey;\nimport io.quanyu.plugin.sdk.Event;\n"
                + "import io.quanyu.plugin.testkit.TestHost;\nimport io.quanyu.fakes.wechat.WeChatFake;\n"
                + "import static io.quanyu.core.error.ErrorCode.X;"))
                .as("the check sees them").containsExactly("io.quanyu.plugin.runtime.PluginKey", "io.quanyu.core.error.ErrorCode.X");
    }

    /**
     * The {@code io.quanyu} classes a source file imports that are neither the SDK's nor the test kit's (nor a
     * first-party plugin's own, under {@code io.quanyu.plugins}, nor a provider's fake, under {@code io.quanyu.fakes},
     * which a channel plugin's tests talk to as to the provider).
     */
    private static List<String> platformImports(String source) {
        return Pattern.compile("(?m)^import\\s+(?:static\\s+)?(io\\.quanyu\\.[\\w.]+)").matcher(source).results()
                .map(m -> m.group(1))
                .filter(i -> !i.startsWith("io.quanyu.plugin.sdk.") && !i.startsWith("io.quanyu.plugin.testkit.")
                        && !i.startsWith("io.quanyu.plugins.") && !i.startsWith("io.quanyu.fakes.")).toList();
    }

    /** Every module of the reactor, aggregators' modules included (plugins/ lists its plugins). */
    private static List<Module> reactor() throws IOException {
        List<Module> modules = new ArrayList<>();
        collect("", Files.readString(ROOT.resolve("pom.xml")), modules);
        return modules;
    }

    private static void collect(String prefix, String pom, List<Module> into) throws IOException {
        Matcher m = MODULE.matcher(pom);
        while (m.find()) {
            String folder = prefix + m.group(1);
            String child = Files.readString(ROOT.resolve(folder).resolve("pom.xml"));
            if (child.contains("<packaging>pom</packaging>")) {
                collect(folder + "/", child, into);
            } else {
                into.add(read(folder, child));
            }
        }
    }

    @Test
    void theCheckSeesAnArrowThatRunsBackUp() {
        var ground = new Module("platform/core", "quanyu-core", List.of("quanyu-records"));
        var domain = new Module("domain/records", "quanyu-records", List.of("quanyu-core"));
        assertThat(upwardArrows(List.of(ground, domain))).containsExactly("platform/core -> domain/records");
        assertThat(upwardArrows(List.of(new Module("misc/x", "quanyu-x", List.of()))))
                .containsExactly("misc/x is in no layer folder");
    }

    static Module read(String folder, String pom) {
        String withoutParent = pom.replaceAll("(?s)<parent>.*?</parent>", "");
        Matcher a = ARTIFACT.matcher(withoutParent);
        String self = a.find() ? a.group(1) : folder;
        List<String> deps = new ArrayList<>();
        while (a.find()) {
            deps.add(a.group(1));
        }
        return new Module(folder, self, deps);
    }

    static List<String> upwardArrows(List<Module> modules) {
        Map<String, Module> byArtifact = new LinkedHashMap<>();
        modules.forEach(module -> byArtifact.put(module.artifact(), module));
        List<String> out = new ArrayList<>();
        for (Module module : modules) {
            if (module.folder().startsWith("plugins/")) {
                module.dependencies().stream().filter(byArtifact::containsKey)
                        .filter(dependency -> !PLUGIN_MAY_USE.contains(dependency))
                        .forEach(dependency -> out.add(module.folder() + " -> " + byArtifact.get(dependency).folder()
                                + " (a plugin uses the SDK and the test kit only)"));
                continue;
            }
            int layer = layer(module.folder());
            if (layer < 0) {
                out.add(module.folder() + " is in no layer folder");
                continue;
            }
            for (String dependency : module.dependencies()) {
                Module target = byArtifact.get(dependency);
                if (target != null && target.folder().startsWith("plugins/")) {
                    out.add(module.folder() + " -> " + target.folder() + " (nothing depends on a plugin)");
                } else if (target != null && layer(target.folder()) > layer) {
                    out.add(module.folder() + " -> " + target.folder());
                }
            }
        }
        return out;
    }

    /** A provider's fake ({@code dev/*-fake}) is a leaf any module's tests may run, as the ground's test fixtures are. */
    private static int layer(String folder) {
        if (folder.startsWith("dev/") && folder.endsWith("-fake")) {
            return LAYERS.indexOf("platform");
        }
        String top = folder.substring(0, folder.indexOf('/') < 0 ? folder.length() : folder.indexOf('/'));
        return top.equals("bench") || top.equals("dev") ? LAYERS.indexOf("tools") : LAYERS.indexOf(top);
    }
}
