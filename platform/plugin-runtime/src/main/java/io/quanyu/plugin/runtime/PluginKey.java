package io.quanyu.plugin.runtime;

import java.util.Objects;

/** One release of one plugin, as loaded on a node: several versions of a plugin may be loaded side by side. */
public record PluginKey(String id, String version) {
    public PluginKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
    }

    /** Parses {@code id@version}. */
    public static PluginKey parse(String text) {
        int at = text.lastIndexOf('@');
        if (at <= 0 || at == text.length() - 1) {
            throw new IllegalArgumentException("not id@version: " + text);
        }
        return new PluginKey(text.substring(0, at), text.substring(at + 1));
    }

    @Override
    public String toString() {
        return id + "@" + version;
    }
}
