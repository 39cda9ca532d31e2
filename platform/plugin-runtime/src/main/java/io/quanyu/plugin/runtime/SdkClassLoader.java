package io.quanyu.plugin.runtime;

import java.util.List;

/**
 * The parent of every plugin class loader: it shows plugins the JDK and the SDK with its three dependencies (pf4j,
 * slf4j, jspecify), and nothing else of the platform. A plugin cannot reach Spring, the MongoDB driver or the
 * platform's internals by class name; its own libraries come from its {@code lib/} folder.
 */
final class SdkClassLoader extends ClassLoader {
    private static final List<String> SHARED = List.of("io.quanyu.plugin.sdk.", "org.pf4j.", "org.slf4j.", "org.jspecify.");
    private final ClassLoader platform;

    SdkClassLoader(ClassLoader platform) {
        super("quanyu-sdk", ClassLoader.getPlatformClassLoader());
        this.platform = platform;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (shared(name)) {
            return platform.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }

    @Override
    public java.net.URL getResource(String name) {
        String asClass = name.replace('/', '.');
        return shared(asClass) ? platform.getResource(name) : super.getResource(name);
    }

    static boolean shared(String className) {
        return SHARED.stream().anyMatch(className::startsWith);
    }
}
