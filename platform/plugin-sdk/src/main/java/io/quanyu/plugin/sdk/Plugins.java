package io.quanyu.plugin.sdk;

import java.util.Map;

/**
 * The other plugins of the call's tenant: whether one is enabled, and its operations, for plugins that build on each
 * other (a campaign plugin granting points through the loyalty plugin, a mall redeeming a coupon). Only operations
 * the manifest declares in {@code uses} may be called ({@code [{"plugin": "loyalty", "operations": ["grant"]}]}),
 * so a tenant sees what a plugin relies on before installing it. A call runs as the callee's own operation would
 * from GraphQL: the callee's input and output schemas, its bulkhead and time limit, the same tenant and the same
 * caller's roles (never more). Plugins call each other at most {@value #MAX_DEPTH} deep.
 *
 * @since 1.1
 */
@PublicApi
public interface Plugins {
    /** The deepest chain of plugin-to-plugin calls (a calls b calls c). */
    int MAX_DEPTH = 3;

    /** Whether the tenant has the plugin installed and enabled. */
    boolean enabled(String pluginId);

    /**
     * Runs another plugin's operation for this tenant and answers its output.
     *
     * @throws PluginException {@code PLUGIN_CALL_UNDECLARED} (not in the manifest's {@code uses}),
     *                         {@code PLUGIN_NOT_ENABLED} or {@code PLUGIN_CALL_TOO_DEEP} before the call; once the
     *                         callee is called, a {@link PluginCallException} naming it: {@code PLUGIN_INPUT_INVALID},
     *                         {@code PLUGIN_BUSY}, {@code PLUGIN_TIMEOUT}, ..., or the callee's own refusal code (its
     *                         {@code OperationResult.refused}) with its message
     */
    Map<String, Object> call(String pluginId, String operation, Map<String, Object> input);
}
