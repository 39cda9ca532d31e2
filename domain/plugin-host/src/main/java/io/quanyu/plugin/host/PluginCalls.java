package io.quanyu.plugin.host;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.plugin.runtime.CallScope;
import io.quanyu.plugin.runtime.ExtensionKind;
import io.quanyu.plugin.runtime.Operations;
import io.quanyu.plugin.runtime.PluginKey;
import io.quanyu.plugin.runtime.WidgetCalls;
import io.quanyu.plugin.runtime.PluginRuntime;
import io.quanyu.plugin.sdk.PluginContext;
import io.quanyu.plugin.runtime.SessionTokens;
import io.quanyu.plugin.runtime.WebhookAnswers;
import io.quanyu.plugin.sdk.webhook.WebhookHandler;
import io.quanyu.plugin.sdk.webhook.WebhookRequest;
import io.quanyu.plugin.sdk.webhook.WebhookResponse;

import java.util.List;
import java.util.Map;

/**
 * Calls into the plugins a tenant has enabled, for the server's endpoints: operations (GraphQL and REST), webhooks
 * and dashboard widgets. A plugin that is not enabled for the tenant is never called.
 */
public final class PluginCalls {
    private final EnabledPlugins enabled;
    private final PluginRuntime runtime;
    private final Operations operations;

    private final SessionTokens sessions;

    public PluginCalls(EnabledPlugins enabled, PluginRuntime runtime, SessionTokens sessions) {
        this.sessions = sessions;
        this.enabled = enabled;
        this.runtime = runtime;
        this.operations = new Operations(runtime);
    }

    public Map<String, Object> operation(CallScope scope, String pluginId, String name, Map<String, Object> input) {
        PluginKey key = enabled.get(scope.tenant(), pluginId).plugin().key();
        return operations.invoke(key, name, scope, input);
    }

    /**
     * A partner's callback or a customer's request; {@code WEBHOOK_NOT_FOUND} unless the tenant enabled a plugin
     * with a handler there, {@code CUSTOMER_SESSION_REQUIRED} (before the plugin is called) for a customer webhook
     * without a valid session of the tenant's customer.
     */
    public Response webhook(TenantId tenant, String pluginId, String path, Request request) {
        String at = "/hooks/" + tenant + "/" + pluginId + "/" + path;
        var found = enabled.find(tenant, pluginId).filter(e -> runtime.has(e.plugin().key(), ExtensionKind.WEBHOOK, path))
                .orElseThrow(() -> new QuanyuException(ErrorCode.WEBHOOK_NOT_FOUND, Map.of("path", at)));
        PluginKey key = found.plugin().key();
        String customer = sessions.caller(tenant, runtime.customerWebhook(key, path), request.headers(), request.query(), at);
        return runtime.call(key, ExtensionKind.WEBHOOK, path, new CallScope(tenant, customer == null ? "webhook" : "customer",
                        request.correlationId()),
                "webhook " + path, (WebhookHandler handler, PluginContext context) -> response(pluginId, path,
                        handler.handle(new WebhookRequest(context, request.method(), request.subPath(), request.headers(),
                                request.query(), request.body(), request.remoteAddress(), customer))));
    }

    private static Response response(String pluginId, String path, WebhookResponse answer) {
        WebhookAnswers.checked(answer, pluginId, "webhook " + path);
        byte[] body = answer.body() == null ? new byte[0] : answer.body().clone();
        return new Response(answer.status(), answer.contentType(), body, answer.headers());
    }

    /** The rows of a dashboard widget. */
    public List<Object> widget(CallScope scope, String pluginId, String name, Map<String, Object> parameters) {
        return WidgetCalls.rows(runtime, enabled.get(scope.tenant(), pluginId).plugin().key(), scope, name, parameters);
    }

    /** A callback as the web layer received it (headers in lower case), with the caller's address. */
    public record Request(String method, String subPath, Map<String, List<String>> headers, Map<String, List<String>> query,
                          byte[] body, String correlationId, String remoteAddress) {
    }

    /** What to answer the partner: status, body and the plugin's own headers (checked by {@link WebhookAnswers}). */
    public record Response(int status, String contentType, byte[] body, Map<String, List<String>> headers) {
    }
}
