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
 * on anything below; tools ({@code bench/}, {@code dev/}) come last. Read from the reactor's own poms.
 */
class ModuleLayersTest {
    private static final List<String> LAYERS = List.of("platform", "domain", "surfaces", "tools");
    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern ARTIFACT = Pattern.compile("<artifactId>(quanyu-[a-z0-9-]+)</artifactId>");

    /** A module of the reactor: its folder and the quanyu artifacts it depends on (any scope). */
    record Module(String folder, String artifact, List<String> dependencies) {
    }

    @Test
    void everyModuleSitsInALayerFolderAndDependsOnlyOnItsLayerOrBelow() throws IOException {
        Path root = Path.of(System.getProperty("user.dir")).resolve("../..").normalize();
        List<Module> modules = new ArrayList<>();
        Matcher m = MODULE.matcher(Files.readString(root.resolve("pom.xml")));
        while (m.find()) {
            modules.add(read(m.group(1), Files.readString(root.resolve(m.group(1)).resolve("pom.xml"))));
        }
        assertThat(modules).as("the reactor as read").hasSizeGreaterThan(15);
        assertThat(upwardArrows(modules)).as("arrows that run back up a layer").isEmpty();
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
            int layer = layer(module.folder());
            if (layer < 0) {
                out.add(module.folder() + " is in no layer folder");
                continue;
            }
            for (String dependency : module.dependencies()) {
                Module target = byArtifact.get(dependency);
                if (target != null && layer(target.folder()) > layer) {
                    out.add(module.folder() + " -> " + target.folder());
                }
            }
        }
        return out;
    }

    private static int layer(String folder) {
        String top = folder.substring(0, folder.indexOf('/') < 0 ? folder.length() : folder.indexOf('/'));
        return top.equals("bench") || top.equals("dev") ? LAYERS.indexOf("tools") : LAYERS.indexOf(top);
    }
}
