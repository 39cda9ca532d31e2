package io.quanyu.plugin.host;

import io.quanyu.marketplace.ReleaseVerifier;
import io.quanyu.plugin.pkg.PluginPackage;
import io.quanyu.plugin.runtime.LoadedPlugin;
import io.quanyu.plugin.runtime.PluginLimits;
import io.quanyu.plugin.runtime.PluginRuntime;
import io.quanyu.plugin.sdk.PluginException;

import java.nio.file.Path;

/**
 * Verifies a release at publish time by loading it once in a scratch runtime of its own (so it never touches what
 * tenants run): a class that does not load, an extension whose constructor throws or hangs, a declared extension
 * that is missing or an undeclared one refuse the release with {@code PLUGIN_LOAD_FAILED} or
 * {@code PLUGIN_EXTENSION_MISSING}. The release is unloaded right after; no plugin call happens.
 */
public final class TrialLoad implements ReleaseVerifier, AutoCloseable {
    private final PluginRuntime scratch;

    public TrialLoad(Path workDir, PluginLimits limits) {
        this.scratch = new PluginRuntime(workDir, limits, (plugin, scope) -> {
            throw new PluginException("TRIAL_LOAD", "a release being verified is not called");
        });
    }

    @Override
    public synchronized void verify(PluginPackage pkg) {
        LoadedPlugin loaded = scratch.load(pkg);
        scratch.unload(loaded.key());
    }

    @Override
    public void close() {
        scratch.close();
    }
}
