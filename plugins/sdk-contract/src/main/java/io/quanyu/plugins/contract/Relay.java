package io.quanyu.plugins.contract;

import io.quanyu.plugin.sdk.PluginException;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import org.pf4j.Extension;

import java.util.HashMap;
import java.util.Map;

/**
 * Calls between plugins: {@code relay} runs another plugin's operation for the tenant (those the manifest's
 * {@code uses} declares) and answers its output or the code it failed with; {@code deep} calls itself one level
 * deeper until the platform stops it, and answers how deep it got and why it stopped.
 */
public final class Relay {

    private Relay() {
    }

    /** {@code relay}: {@code {plugin, operation, input}} → {@code {enabled, output}} or {@code {enabled, code}}. */
    @Extension
    public static class Call implements Operation {
        @Override
        public String name() {
            return "relay";
        }

        @Override
        @SuppressWarnings("unchecked")
        public OperationResult handle(OperationRequest request) {
            String plugin = (String) request.input().get("plugin");
            Map<String, Object> out = new HashMap<>();
            out.put("enabled", request.context().plugins().enabled(plugin));
            try {
                out.put("output", request.context().plugins().call(plugin, (String) request.input().get("operation"),
                        (Map<String, Object>) request.input().getOrDefault("input", Map.of())));
            } catch (PluginException e) {
                out.put("code", e.code());
            }
            return OperationResult.ok(out);
        }
    }

    /** {@code deep}: {@code {level}} → {@code {reached, stoppedBy}}. */
    @Extension
    public static class Deep implements Operation {
        @Override
        public String name() {
            return "deep";
        }

        @Override
        public OperationResult handle(OperationRequest request) {
            long level = ((Number) request.input().get("level")).longValue();
            try {
                return OperationResult.ok(request.context().plugins().call(request.context().pluginId(), "deep",
                        Map.of("level", level + 1)));
            } catch (PluginException e) {
                return OperationResult.ok(Map.of("reached", level, "stoppedBy", e.code()));
            }
        }
    }
}
