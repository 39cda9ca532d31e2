package io.quanyu.server.objects;

import io.quanyu.core.tenant.Tenant;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.core.tenant.TenantRegistry;
import io.quanyu.core.tenant.TenantStatus;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.server.security.BackgroundJobs;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Runs platform background work on every tenant whose data is still served (active or suspended), each with a
 * role-less background context and the tenant in the log context. One tenant's failure does not stop the others.
 */
@Component
public class ServedTenants {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ServedTenants.class);
    private final TenantRegistry registry;
    private final MongoTenantDatabases databases;

    public ServedTenants(TenantRegistry registry, MongoTenantDatabases databases) {
        this.registry = registry;
        this.databases = databases;
    }

    /** The databases of every tenant whose data is served, as background work reaches them. */
    public java.util.List<TenantDatabase> databases(String job) {
        return registry.list().stream().filter(t -> t.status() == TenantStatus.ACTIVE || t.status() == TenantStatus.SUSPENDED)
                .map(t -> databases.forTenant(BackgroundJobs.contextFor(t, job))).toList();
    }

    /** One served tenant's database, as background work reaches it; refused for a tenant that is not served. */
    public TenantDatabase database(TenantId id, String job) {
        Tenant tenant = registry.find(id).filter(t -> t.status() == TenantStatus.ACTIVE || t.status() == TenantStatus.SUSPENDED)
                .orElseThrow(() -> new IllegalStateException("tenant " + id.value() + " is not served"));
        return databases.forTenant(BackgroundJobs.contextFor(tenant, job));
    }

    /**
     * Runs a recurring job's {@code work} for every served tenant and logs each tenant's failure (the others still
     * run): what every sweep of the scheduler does.
     */
    public void sweep(String job, BiConsumer<Tenant, TenantDatabase> work) {
        forEach(job, work).forEach((tenant, e) -> LOG.warn("{} failed for tenant {}", job, tenant.value(), e));
    }

    /** Returns the failures, by tenant; empty when the work succeeded everywhere. */
    public Map<TenantId, RuntimeException> forEach(String job, BiConsumer<Tenant, TenantDatabase> work) {
        Map<TenantId, RuntimeException> failures = new LinkedHashMap<>();
        for (Tenant tenant : registry.list()) {
            if (tenant.status() != TenantStatus.ACTIVE && tenant.status() != TenantStatus.SUSPENDED) {
                continue;
            }
            MDC.put("tenant", tenant.id().value());
            try {
                work.accept(tenant, databases.forTenant(BackgroundJobs.contextFor(tenant, job)));
            } catch (RuntimeException e) {
                failures.put(tenant.id(), e);
            } finally {
                MDC.remove("tenant");
            }
        }
        return failures;
    }
}
