package io.quanyu.plugin.host;

import io.quanyu.core.tenant.NewTenant;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.core.tenant.TenantResource;

/** A tenant's plugin installations as a tenant resource: nothing to create, all removed when the tenant is deleted. */
public final class PluginInstallationsResource implements TenantResource {
    private final MongoInstallations installations;

    public PluginInstallationsResource(MongoInstallations installations) {
        this.installations = installations;
    }

    @Override
    public String name() {
        return "plugins";
    }

    @Override
    public void provision(NewTenant tenant) {
        // a new tenant has no plugins
    }

    @Override
    public void deprovision(TenantId tenant) {
        installations.deleteAll(tenant);
    }
}
