package io.quanyu.plugin.host;

import io.quanyu.core.tenant.TenantId;
import io.quanyu.graphql.RequestScope;
import io.quanyu.plugin.pkg.OperationKind;
import io.quanyu.plugin.pkg.OperationSpec;
import io.quanyu.plugin.runtime.CallScope;
import org.slf4j.MDC;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The GraphQL schema's view of the plugin host: each tenant's enabled operations, run for the request's caller. */
public final class HostedOperations implements PluginOperations {
    private final EnabledPlugins enabled;
    private final PluginCalls calls;

    public HostedOperations(EnabledPlugins enabled, PluginCalls calls) {
        this.enabled = enabled;
        this.calls = calls;
    }

    @Override
    public List<Exposed> forTenant(TenantId tenant) {
        List<Exposed> out = new ArrayList<>();
        for (EnabledPlugins.Enabled e : enabled.of(tenant)) {
            for (OperationSpec op : e.plugin().manifest().operations()) {
                out.add(new Exposed(e.installation().pluginId(), e.installation().version(), op.name(),
                        op.kind() == OperationKind.MUTATION, op.description(), op.input().toString(),
                        op.input().path("required").size() > 0));
            }
        }
        return out;
    }

    @Override
    public Map<String, Object> invoke(Exposed operation, RequestScope scope, Map<String, Object> input) {
        OperationAccess.check(scope.call(), enabled, operation.pluginId(), operation.operation());
        CallScope call = new CallScope(scope.call().tenant(), scope.actor(), scope.call().roles(), MDC.get("correlationId"));
        return calls.operation(call, operation.pluginId(), operation.operation(), input);
    }
}
