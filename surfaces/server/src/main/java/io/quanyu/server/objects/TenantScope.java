package io.quanyu.server.objects;

import io.quanyu.core.call.CallContext;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Tenant;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.server.security.TenantAuthentication;
import io.quanyu.server.tenancy.TenantDirectory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/** What a request may touch: the database handle and the quotas of the caller's own tenant. */
@Component
public class TenantScope {
    private final MongoTenantDatabases databases;
    private final TenantDirectory directory;

    public TenantScope(MongoTenantDatabases databases, TenantDirectory directory) {
        this.databases = databases;
        this.directory = directory;
    }

    public TenantDatabase database(TenantAuthentication caller) {
        return databases.forTenant(caller.context());
    }

    /** The call a request makes: its verified caller, the tenant's quotas and the request's correlation id. */
    public CallContext call(TenantAuthentication caller) {
        return CallContext.of(caller.context(), quotas(caller), MDC.get("correlationId"));
    }

    public Quotas quotas(TenantAuthentication caller) {
        return directory.find(caller.context().tenant()).map(Tenant::quotas).orElse(Quotas.DEFAULT);
    }
}
