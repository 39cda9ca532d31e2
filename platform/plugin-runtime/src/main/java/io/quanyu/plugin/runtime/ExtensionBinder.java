package io.quanyu.plugin.runtime;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.plugin.pkg.PluginManifest;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds a loaded plugin's extensions (PF4J's {@code extensions.idx}), loads each class, creates one instance, asks
 * its name, and checks that the extensions and the manifest's declarations match one to one. Every step runs plugin
 * code through {@link Isolation}, so a class that fails to load, a constructor that throws or hangs, or a name that
 * is missing fails the load with a code, and nothing stays loaded.
 */
final class ExtensionBinder {
    private final Isolation isolation;

    ExtensionBinder(Isolation isolation) {
        this.isolation = isolation;
    }

    Map<ExtensionKind, Map<String, Object>> bind(LoadedPlugin plugin) {
        Map<ExtensionKind, Map<String, Object>> byKind = new EnumMap<>(ExtensionKind.class);
        for (String className : plugin.manager().getExtensionClassNames(plugin.key().id())) {
            Class<?> type = load(plugin, className);
            ExtensionKind kind = ExtensionKind.of(type).orElseThrow(() ->
                    failed(plugin, "extension " + className + " implements no single Quanyu extension point"));
            Object[] created = created(plugin, className, kind, type);
            String name = (String) created[1];
            if (byKind.computeIfAbsent(kind, k -> new HashMap<>()).putIfAbsent(name, created[0]) != null) {
                throw failed(plugin, "two " + kind.label() + " extensions are named '" + name + "'");
            }
        }
        verify(plugin, byKind);
        return byKind;
    }

    private static Class<?> load(LoadedPlugin plugin, String className) {
        try {
            return Class.forName(className, false, plugin.classLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw failed(plugin, "class " + className + " cannot be loaded (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The instance and its name; the plugin's code runs isolated, so a hang or a throw fails only this load. */
    private Object[] created(LoadedPlugin plugin, String className, ExtensionKind kind, Class<?> type) {
        Object[] created;
        try {
            created = isolation.call(plugin, "load " + className, null, () -> create(kind, type));
        } catch (QuanyuException e) {
            throw failed(plugin, "extension " + className + " could not be created (" + e.code().name() + ")");
        }
        if (created[0] == null) {
            throw failed(plugin, (String) created[1]);
        }
        return created;
    }

    private static Object[] create(ExtensionKind kind, Class<?> type) {
        try {
            Constructor<?> constructor = type.getDeclaredConstructor();
            Object extension = constructor.newInstance();
            String name = kind.nameOf(extension);
            if (name == null || (kind != ExtensionKind.ACTIVATION && name.isBlank())) {
                return new Object[]{null, "extension " + type.getName() + " has no name"};
            }
            return new Object[]{extension, name};
        } catch (InvocationTargetException e) {
            return new Object[]{null, "the constructor of " + type.getName() + " threw "
                    + e.getCause().getClass().getSimpleName()};
        } catch (ReflectiveOperationException e) {
            return new Object[]{null, "extension " + type.getName() + " has no public no-argument constructor"};
        }
    }

    /** Every declared name has an extension, and every extension is declared. */
    private static void verify(LoadedPlugin plugin, Map<ExtensionKind, Map<String, Object>> byKind) {
        PluginManifest manifest = plugin.manifest();
        for (ExtensionKind kind : ExtensionKind.values()) {
            Set<String> implemented = byKind.getOrDefault(kind, Map.of()).keySet();
            if (kind == ExtensionKind.ACTIVATION) {
                continue;
            }
            Set<String> declared = new LinkedHashSet<>(Declarations.names(manifest, kind));
            for (String name : declared) {
                if (!implemented.contains(name)) {
                    throw new QuanyuException(ErrorCode.PLUGIN_EXTENSION_MISSING,
                            Map.of("plugin", plugin.key().id(), "kind", kind.label(), "name", name));
                }
            }
            for (String name : implemented) {
                if (!declared.contains(name)) {
                    throw failed(plugin, kind.label() + " extension '" + name + "' is not declared in the manifest");
                }
            }
        }
    }

    static QuanyuException failed(LoadedPlugin plugin, String reason) {
        return new QuanyuException(ErrorCode.PLUGIN_LOAD_FAILED, Map.of("plugin", plugin.key().id(), "reason", reason));
    }

    /** The names a manifest declares per extension kind. */
    static final class Declarations {
        private Declarations() {
        }

        static List<String> names(PluginManifest m, ExtensionKind kind) {
            return switch (kind) {
                case OPERATION -> m.operations().stream().map(o -> o.name()).toList();
                case CHANNEL -> m.channels().stream().map(c -> c.name()).toList();
                case ACTION -> m.actions().stream().map(a -> a.name()).toList();
                case TRIGGER -> m.triggers().stream().map(t -> t.name()).toList();
                case WEBHOOK -> m.webhooks().stream().map(w -> w.path()).toList();
                case JOB -> m.jobs().stream().map(j -> j.name()).toList();
                case TASK -> m.tasks().stream().map(t -> t.name()).toList();
                case SUBSCRIBER -> m.subscriptions().stream().map(t -> t.name()).toList();
                case WIDGET -> m.widgets().stream().map(w -> w.name()).toList();
                case ACTIVATION -> List.of();
            };
        }
    }
}
