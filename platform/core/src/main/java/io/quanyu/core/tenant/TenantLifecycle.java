package io.quanyu.core.tenant;

import io.quanyu.core.error.ErrorCategory;
import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Creates, suspends, resumes and deletes tenants across every {@link TenantResource}. There are no transactions
 * across MongoDB, Elasticsearch and Keycloak, so creation undoes the steps already taken when one fails, and
 * deletion exports before it drops anything.
 */
public final class TenantLifecycle {
    private static final Logger log = LoggerFactory.getLogger(TenantLifecycle.class);
    private static final Set<ErrorCategory> CALLER_ERRORS =
            Set.of(ErrorCategory.CONFLICT, ErrorCategory.INVALID_ARGUMENT, ErrorCategory.FAILED_PRECONDITION);

    private final TenantRegistry registry;
    private final List<TenantResource> resources;
    private final TenantExporter exporter;
    private final Clock clock;

    public TenantLifecycle(TenantRegistry registry, List<TenantResource> resources, TenantExporter exporter,
                           Clock clock) {
        this.registry = registry;
        this.resources = List.copyOf(resources);
        this.exporter = exporter;
        this.clock = clock;
    }

    /** Millisecond precision: what every store keeps, so a returned tenant equals the stored one. */
    private java.time.Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    public Tenant create(NewTenant request, String actor) {
        var now = now();
        var tenant = new Tenant(request.id(), request.name(), TenantStatus.PROVISIONING, request.quotas(),
                now, actor, now, null);
        registry.insert(tenant);
        provisionAll(request);
        var active = tenant.withStatus(TenantStatus.ACTIVE, now());
        registry.replaceIfStatus(active, TenantStatus.PROVISIONING);
        log.info("Tenant {} created by {}", request.id(), actor);
        return active;
    }

    /**
     * Registers a tenant whose identity already exists (the dev realm's demo tenants), provisioning every resource
     * but the identity provider's. Does nothing when the tenant is already registered.
     */
    public void adopt(TenantId id, String name, Quotas quotas, Set<String> skipResources) {
        if (registry.find(id).filter(t -> t.status() != TenantStatus.DELETED).isPresent()) {
            return;
        }
        var now = now();
        registry.insert(new Tenant(id, name, TenantStatus.ACTIVE, quotas, now, "bootstrap", now, null));
        var request = new NewTenant(id, name, quotas, null);
        resources.stream().filter(r -> !skipResources.contains(r.name())).forEach(r -> r.provision(request));
    }

    private void provisionAll(NewTenant request) {
        Deque<TenantResource> done = new ArrayDeque<>();
        for (TenantResource resource : resources) {
            try {
                resource.provision(request);
                done.push(resource);
            } catch (RuntimeException e) {
                done.push(resource);
                undo(request.id(), done);
                throw provisioningError(request.id(), resource, e);
            }
        }
    }

    private void undo(TenantId id, Deque<TenantResource> done) {
        for (TenantResource resource : done) {
            try {
                resource.deprovision(id);
            } catch (RuntimeException e) {
                log.error("Rolling back tenant {}: {} could not be cleaned up", id, resource.name(), e);
            }
        }
        registry.remove(id);
    }

    private static QuanyuException provisioningError(TenantId id, TenantResource step, RuntimeException e) {
        if (e instanceof QuanyuException q && CALLER_ERRORS.contains(q.code().category())) {
            return q;
        }
        log.error("Provisioning tenant {} failed at {}", id, step.name(), e);
        return new QuanyuException(ErrorCode.TENANT_PROVISIONING_FAILED,
                Map.of("tenant", id.value(), "step", step.name()), e);
    }

    public Tenant get(TenantId id) {
        return registry.find(id).orElseThrow(() -> notFound(id));
    }

    public List<Tenant> list() {
        return registry.list();
    }

    public Tenant suspend(TenantId id) {
        return transition(id, TenantStatus.ACTIVE, TenantStatus.SUSPENDED, "suspend");
    }

    public Tenant resume(TenantId id) {
        return transition(id, TenantStatus.SUSPENDED, TenantStatus.ACTIVE, "resume");
    }

    private Tenant transition(TenantId id, TenantStatus from, TenantStatus to, String action) {
        Tenant current = get(id);
        if (current.status() == to) {
            return current;
        }
        Tenant next = current.withStatus(to, now());
        if (current.status() != from || !registry.replaceIfStatus(next, from)) {
            throw stateConflict(get(id), action);
        }
        log.info("Tenant {} is now {}", id, to);
        return next;
    }

    /**
     * Exports the tenant's data, then removes it from every resource. When the export fails, nothing is removed and
     * the tenant returns to its previous status. A deletion interrupted after the export can be retried.
     */
    public Tenant delete(TenantId id) {
        Tenant current = get(id);
        if (current.status() == TenantStatus.DELETED || current.status() == TenantStatus.PROVISIONING) {
            throw stateConflict(current, "delete");
        }
        Tenant deleting = current.withStatus(TenantStatus.DELETING, now());
        if (current.status() != TenantStatus.DELETING && !registry.replaceIfStatus(deleting, current.status())) {
            throw stateConflict(get(id), "delete");
        }
        TenantExport export = exportOrRestore(current);
        resources.reversed().forEach(r -> r.deprovision(id));
        Tenant deleted = deleting.deleted(export, now());
        registry.replaceIfStatus(deleted, TenantStatus.DELETING);
        log.info("Tenant {} deleted; data exported to {}", id, export.file());
        return deleted;
    }

    private TenantExport exportOrRestore(Tenant before) {
        try {
            return exporter.export(before.id());
        } catch (RuntimeException e) {
            TenantStatus previous = before.status() == TenantStatus.DELETING ? TenantStatus.SUSPENDED : before.status();
            registry.replaceIfStatus(before.withStatus(previous, now()), TenantStatus.DELETING);
            log.error("Export of tenant {} failed; nothing deleted", before.id(), e);
            throw new QuanyuException(ErrorCode.TENANT_EXPORT_FAILED, Map.of("tenant", before.id().value()), e);
        }
    }

    private static QuanyuException notFound(TenantId id) {
        return new QuanyuException(ErrorCode.TENANT_NOT_FOUND, Map.of("tenant", id.value()));
    }

    private static QuanyuException stateConflict(Tenant tenant, String action) {
        return new QuanyuException(ErrorCode.TENANT_STATE_CONFLICT, Map.of("tenant", tenant.id().value(),
                "status", tenant.status().name(), "action", action));
    }
}
