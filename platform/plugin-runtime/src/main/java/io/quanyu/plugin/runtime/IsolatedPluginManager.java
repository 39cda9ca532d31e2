package io.quanyu.plugin.runtime;

import io.quanyu.plugin.sdk.Sdk;
import org.pf4j.ClassLoadingStrategy;
import org.pf4j.DefaultPluginLoader;
import org.pf4j.DefaultPluginManager;
import org.pf4j.Plugin;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginDescriptorFinder;
import org.pf4j.PluginFactory;
import org.pf4j.PluginLoader;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A PF4J plugin manager for exactly one plugin release, so several versions of one plugin can be loaded side by
 * side and unloading one drops its whole manager. The descriptor comes from the already validated manifest (not
 * from files PF4J would parse again); the class loader's parent is {@link SdkClassLoader}, application first, so the
 * SDK's types are the platform's own.
 */
final class IsolatedPluginManager extends DefaultPluginManager {
    private final PluginDescriptor descriptor;
    private final ClassLoader sdk;

    IsolatedPluginManager(Path root, PluginDescriptor descriptor, ClassLoader sdk) {
        super(root);
        this.descriptor = descriptor;
        this.sdk = sdk;
        setSystemVersion(Sdk.VERSION);
    }

    @Override
    protected PluginDescriptorFinder createPluginDescriptorFinder() {
        return new PluginDescriptorFinder() {
            @Override
            public boolean isApplicable(Path path) {
                return Files.isDirectory(path);
            }

            @Override
            public PluginDescriptor find(Path path) {
                return descriptor;
            }
        };
    }

    @Override
    protected PluginLoader createPluginLoader() {
        return new DefaultPluginLoader(this) {
            @Override
            protected PluginClassLoader createPluginClassLoader(Path path, PluginDescriptor pluginDescriptor) {
                return new PluginClassLoader(pluginManager, pluginDescriptor, sdk, ClassLoadingStrategy.APD);
            }
        };
    }

    @Override
    protected PluginFactory createPluginFactory() {
        return wrapper -> new Plugin();
    }
}
