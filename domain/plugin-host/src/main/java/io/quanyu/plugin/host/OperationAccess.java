package io.quanyu.plugin.host;

import io.quanyu.core.call.CallContext;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.TenantAccess;
import io.quanyu.plugin.pkg.OperationKind;
import io.quanyu.plugin.pkg.OperationSpec;

import java.util.Map;

/**
 * Who may call a plugin's operation, one rule for every surface (REST, GraphQL): a query every tenant role, a
 * mutation data writers, and either only the roles its manifest's {@code roles} names ({@code PERMISSION_DENIED}).
 */
final class OperationAccess {

    private OperationAccess() {
    }

    /** The enabled operation's declaration, if the call may run it. */
    static OperationSpec check(CallContext call, EnabledPlugins enabled, String pluginId, String operation) {
        call.require(TenantAccess.READ);
        var manifest = enabled.get(call.tenant(), pluginId).plugin().manifest();
        OperationSpec spec = manifest.operations().stream()
                .filter(o -> o.name().equals(operation)).findFirst().orElseThrow(() -> new QuanyuException(
                        // the release the tenant runs has no such operation (a newer release may: upgrade)
                        ErrorCode.PLUGIN_OPERATION_NOT_FOUND, Map.of("plugin", pluginId, "version", manifest.version(),
                                "operation", operation)));
        if (spec.kind() == OperationKind.MUTATION) {
            call.require(TenantAccess.WRITE_DATA);
        }
        if (!spec.roles().isEmpty() && call.roleNames().stream().noneMatch(spec.roles()::contains)) {
            throw new QuanyuException(ErrorCode.PERMISSION_DENIED, Map.of("reason",
                    pluginId + "'s operation " + operation + " is for " + String.join(", ", spec.roles())));
        }
        return spec;
    }
}
