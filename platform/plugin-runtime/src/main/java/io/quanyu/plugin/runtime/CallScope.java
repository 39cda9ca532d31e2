package io.quanyu.plugin.runtime;

import io.quanyu.core.tenant.TenantId;
import org.jspecify.annotations.Nullable;

import java.util.Objects;

/**
 * Who a plugin call is for: the one tenant the plugin may see during the call, the caller, and the correlation id.
 * Built by the server from a verified token or a job's tenant, never from plugin input.
 */
public record CallScope(TenantId tenant, String caller, @Nullable String correlationId) {
    public CallScope {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(caller, "caller");
    }
}
