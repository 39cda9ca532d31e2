package io.quanyu.server.tenancy;

import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.Tenant;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.mongodb.MongoApiRateLimiter;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.server.security.TenantAuthentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Set;

/** The caller's own tenant and identity. The tenant is always the token's; nothing in the request can change it. */
@RestController
@RequestMapping("/api/v1")
class CurrentTenantController {
    private final TenantDirectory directory;
    private final MongoTenantDatabases databases;
    private final MongoApiRateLimiter usage;
    private final io.quanyu.plugin.host.MongoInstallations plugins;

    CurrentTenantController(TenantDirectory directory, MongoTenantDatabases databases, MongoApiRateLimiter usage,
                            io.quanyu.plugin.host.MongoInstallations plugins) {
        this.plugins = plugins;
        this.directory = directory;
        this.databases = databases;
        this.usage = usage;
    }

    @GetMapping("/tenant")
    CurrentTenant tenant(TenantAuthentication caller) {
        TenantContext context = caller.context();
        Tenant tenant = directory.find(context.tenant()).orElseThrow();
        var database = databases.forTenant(context);
        return new CurrentTenant(tenant.id().value(), tenant.name(), tenant.status().name(), tenant.quotas(),
                new Usage(usage.used(context.tenant()), plugins.count(context.tenant()), database.collectionNames()));
    }

    @GetMapping("/me")
    Me me(TenantAuthentication caller) {
        TenantContext c = caller.context();
        return new Me(c.tenant().value(), c.subject(), c.username(), c.roles(), c.serviceAccount());
    }

    record CurrentTenant(String id, String name, String status, Quotas quotas, Usage usage) {
    }

    record Usage(long apiCallsThisMinute, long pluginsInstalled, List<String> collections) {
    }

    record Me(String tenant, String subject, String username, Set<Role> roles, boolean serviceAccount) {
    }
}
