package io.quanyu.server.it.plugin;

import io.quanyu.plugin.sdk.TenantActivation;
import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.sdk.operation.Operation;
import io.quanyu.plugin.sdk.operation.OperationRequest;
import io.quanyu.plugin.sdk.operation.OperationResult;
import io.quanyu.plugin.sdk.webhook.WebhookHandler;
import io.quanyu.plugin.sdk.webhook.WebhookRequest;
import io.quanyu.plugin.sdk.webhook.WebhookResponse;
import org.pf4j.Extension;

import java.util.HashMap;
import java.util.Map;

/** The sample ISV plugin of the server's integration tests. */
public final class ItHello {
    private ItHello() {
    }

    @Extension
    public static class Greet implements Operation {
        public String name() {
            return "greet";
        }

        public OperationResult handle(OperationRequest request) {
            PluginContext context = request.context();
            String name = String.valueOf(request.input().get("name"));
            var card = context.records().create(context.pluginId().replace("-", "") + "Card", Map.of("to", name));
            String greeting = context.settings().text("greeting").orElse("Hello");
            return OperationResult.ok(Map.of("message", greeting + ", " + name + " from " + context.pluginVersion()
                    + " for " + context.tenant(), "card", card.get("_id")));
        }
    }

    /** Misbehaves on request: throws, hangs, or answers garbage. */
    @Extension
    public static class Misbehave implements Operation {
        public String name() {
            return "misbehave";
        }

        public OperationResult handle(OperationRequest request) {
            return switch (String.valueOf(request.input().get("how"))) {
                case "throw" -> throw new IllegalStateException("secret internals");
                case "hang" -> {
                    long until = System.nanoTime() + 3_000_000_000L;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                        Thread.interrupted();
                    }
                    yield OperationResult.ok(Map.of("message", "late"));
                }
                case "garbage" -> {
                    Map<String, Object> out = new HashMap<>();
                    out.put("message", new Object());
                    yield OperationResult.ok(out);
                }
                default -> OperationResult.refused("UNKNOWN_MODE", "say throw, hang or garbage");
            };
        }
    }

    @Extension
    public static class Activation implements TenantActivation {
        public Decision activate(PluginContext context) {
            return "wrong".equals(context.settings().text("apiKey").orElse(""))
                    ? Decision.refuse("CREDENTIALS_REJECTED", "the partner rejected the API key") : Decision.allow();
        }
    }

    @Extension
    public static class Callback implements WebhookHandler {
        public String path() {
            return "callback";
        }

        public WebhookResponse handle(WebhookRequest request) {
            boolean signed = request.context().settings().text("apiKey").orElse("").equals(request.header("X-Token"));
            return signed ? WebhookResponse.json(200, "{\"tenant\":\"" + request.context().tenant()
                    + "\",\"subPath\":\"" + request.subPath() + "\",\"query\":\"" + request.query()
                    + "\",\"body\":\"" + new String(request.body(), java.nio.charset.StandardCharsets.UTF_8) + "\"}")
                    : WebhookResponse.text(401, "bad token");
        }
    }
}
