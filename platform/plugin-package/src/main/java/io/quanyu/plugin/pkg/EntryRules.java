package io.quanyu.plugin.pkg;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules on entry names and the package layout: safe relative paths only, no duplicates (ignoring case, as
 * some file systems do), nothing outside {@code META-INF/quanyu/}, {@code classes/} and {@code lib/}, and
 * {@code lib/} holding only readable jars that are not the host's own libraries.
 */
final class EntryRules {
    static final String EXTENSIONS_INDEX = "classes/META-INF/extensions.idx";
    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");
    private static final List<String> HOST_LIBRARIES = List.of("quanyu-plugin-sdk", "pf4j", "slf4j", "jspecify");
    private static final Set<String> ROOT_DIRECTORIES = Set.of("META-INF/", "META-INF/quanyu/", "classes/", "lib/");

    private EntryRules() {
    }

    /** Checks every name first (unsafe entries), then the layout. */
    static void check(List<PackageEntry> entries, PackageLimits limits) {
        Set<String> seen = new HashSet<>();
        for (PackageEntry entry : entries) {
            safe(entry.name());
            if (!seen.add(entry.name().toLowerCase(Locale.ROOT))) {
                throw Problems.unsafe(entry.name(), "duplicate entry");
            }
        }
        for (PackageEntry entry : entries) {
            layout(entry, limits);
        }
    }

    private static void safe(String name) {
        if (name.isEmpty()) {
            throw Problems.unsafe(name, "empty name");
        }
        if (name.indexOf('\0') >= 0) {
            throw Problems.unsafe(name, "NUL character in the name");
        }
        if (name.indexOf('\\') >= 0) {
            throw Problems.unsafe(name, "backslash in the name");
        }
        if (name.startsWith("/")) {
            throw Problems.unsafe(name, "absolute path");
        }
        if (DRIVE.matcher(name).matches()) {
            throw Problems.unsafe(name, "drive letter");
        }
        segments(name);
    }

    private static void segments(String name) {
        String path = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..")) {
                throw Problems.unsafe(name, "parent directory (..) segment");
            }
            if (segment.isEmpty() || segment.equals(".")) {
                throw Problems.unsafe(name, "empty or current directory (.) segment");
            }
        }
    }

    private static void layout(PackageEntry entry, PackageLimits limits) {
        String name = entry.name();
        if (ROOT_DIRECTORIES.contains(name) || name.startsWith("META-INF/quanyu/") || name.startsWith("classes/")) {
            return;
        }
        if (!name.startsWith("lib/")) {
            throw Problems.layout(name, Problems.printable(name) + " is outside META-INF/quanyu/, classes/ and lib/");
        }
        library(entry, limits);
    }

    private static void library(PackageEntry entry, PackageLimits limits) {
        String file = entry.name().substring("lib/".length());
        if (file.contains("/") || !file.endsWith(".jar")) {
            throw Problems.layout(entry.name(), Problems.printable(entry.name()) + ": lib/ holds only .jar files, no folders");
        }
        String lower = file.toLowerCase(Locale.ROOT);
        if (HOST_LIBRARIES.stream().anyMatch(lower::startsWith)) {
            throw Problems.layout(entry.name(), Problems.printable(entry.name()) + " is provided by the platform and must not be bundled");
        }
        if (!new ZipScan(limits, entry.data().length).readable(entry.data())) {
            throw Problems.layout(entry.name(), Problems.printable(entry.name()) + " is not a readable jar");
        }
    }

    /** A plugin that declares extensions needs PF4J's index of them. */
    static void extensionsIndexed(List<PackageEntry> entries, PluginManifest manifest) {
        if (manifest.declaresExtensions() && entries.stream().noneMatch(e -> e.name().equals(EXTENSIONS_INDEX))) {
            throw Problems.layout(EXTENSIONS_INDEX, EXTENSIONS_INDEX + " is missing but the manifest declares extensions");
        }
    }
}
