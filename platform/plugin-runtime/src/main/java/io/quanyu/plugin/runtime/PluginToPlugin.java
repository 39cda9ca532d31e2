package io.quanyu.plugin.runtime;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.plugin.pkg.PluginManifest;
import io.quanyu.plugin.sdk.PluginCallException;
import io.quanyu.plugin.sdk.PluginException;
import io.quanyu.plugin.sdk.Plugins;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A plugin's calls to other plugins of its tenant, one rule for the platform and the test kit: only operations the
 * caller's manifest declares in {@code uses}, only to a plugin the tenant enabled, at most {@link Plugins#MAX_DEPTH}
 * deep, run as the callee's operation ({@link Operations}: its schemas, bulkhead and time limit) for the same tenant
 * and the same caller's roles. The callee's refusal reaches the caller with the callee's code.
 */
public final class PluginToPlugin implements Plugins {
    /** The release of a plugin the tenant has enabled, if it has. */
    public interface Directory {
        Optional<PluginKey> enabled(TenantId tenant, String pluginId);
    }

    private final PluginKey caller;
    private final Map<String, Set<String>> uses;
    private final CallScope scope;
    private final Directory directory;
    private final Operations operations;

    PluginToPlugin(PluginKey caller, PluginManifest manifest, CallScope scope, Directory directory, Operations operations) {
        this.caller = caller;
        this.uses = manifest.uses();
        this.scope = scope;
        this.directory = directory;
        this.operations = operations;
    }

    @Override
    public boolean enabled(String pluginId) {
        return directory.enabled(scope.tenant(), pluginId).isPresent();
    }

    @Override
    public Map<String, Object> call(String pluginId, String operation, Map<String, Object> input) {
        if (!uses.getOrDefault(pluginId, Set.of()).contains(operation)) {
            throw new PluginException("PLUGIN_CALL_UNDECLARED", "the manifest's uses does not declare " + pluginId
                    + "'s operation " + operation);
        }
        if (scope.depth() + 1 > MAX_DEPTH) {
            throw new PluginException("PLUGIN_CALL_TOO_DEEP", "plugins call each other at most " + MAX_DEPTH + " deep");
        }
        PluginKey callee = directory.enabled(scope.tenant(), pluginId).orElseThrow(() ->
                new PluginException("PLUGIN_NOT_ENABLED", "the tenant has not enabled " + pluginId));
        try {
            return operations.invoke(callee, operation, scope.nested("plugin:" + caller.id()), input);
        } catch (QuanyuException e) {
            if (e.code() == ErrorCode.PLUGIN_OPERATION_FAILED && e.details().get("pluginCode") != null) {
                throw new PluginCallException(String.valueOf(e.details().get("pluginCode")),
                        pluginId + ": " + e.details().get("reason"), pluginId, e.details(), List.of());
            }
            throw PlatformErrors.toCaller(e, pluginId);
        }
    }
}
