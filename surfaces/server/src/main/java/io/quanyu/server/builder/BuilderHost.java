package io.quanyu.server.builder;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.Tenant;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.core.tenant.TenantStatus;
import io.quanyu.server.security.BrowserTenants;
import io.quanyu.server.tenancy.TenantDirectory;
import io.quanyu.ui.BuilderUiConfiguration;
import io.quanyu.ui.access.CurrentTenant;
import io.quanyu.ui.access.Workspace;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * Hosts the no-code builder (module {@code quanyu-ui}, served under {@code /builder}): gives it the signed-in
 * user's workspace, for an active tenant only, as the API's tenant guard does.
 */
@Component
@Import(BuilderUiConfiguration.class)
class BuilderHost implements CurrentTenant {
    private final BrowserTenants tenants;
    private final TenantDirectory directory;

    BuilderHost(BrowserTenants tenants, TenantDirectory directory) {
        this.tenants = tenants;
        this.directory = directory;
    }

    @Override
    public Workspace workspace() {
        TenantContext context = tenants.current();
        if (context.tenant().isPseudo()) {
            throw new QuanyuException(ErrorCode.PERMISSION_DENIED, Map.of());
        }
        Tenant tenant = directory.find(context.tenant()).orElse(null);
        if (tenant == null || tenant.status() == TenantStatus.SUSPENDED) {
            throw tenant == null ? new QuanyuException(ErrorCode.TENANT_UNKNOWN, Map.of())
                    : new QuanyuException(ErrorCode.TENANT_SUSPENDED, Map.of("tenant", context.tenant().value()));
        }
        if (tenant.status() != TenantStatus.ACTIVE) {
            throw new QuanyuException(ErrorCode.TENANT_UNKNOWN, Map.of());
        }
        return new Workspace(context, tenant.quotas());
    }
}
