package io.quanyu.core.tenant;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantLifecycleTest {
    private final Registry registry = new Registry();
    private final Resource db = new Resource("mongodb");
    private final Resource search = new Resource("elasticsearch");
    private final Resource identity = new Resource("keycloak");
    private final Exporter exporter = new Exporter();
    private final TenantLifecycle lifecycle = new TenantLifecycle(registry, List.of(db, search, identity), exporter,
            Clock.fixed(Instant.parse("2026-11-24T00:00:00Z"), ZoneOffset.UTC));

    private static NewTenant acme() {
        return new NewTenant(TenantId.of("acme"), "Acme", Quotas.DEFAULT,
                new TenantAdmin("acme-admin", "a@acme.test", "pw", false));
    }

    @Test
    void createProvisionsEveryResourceAndActivates() {
        Tenant created = lifecycle.create(acme(), "root");
        assertThat(created.status()).isEqualTo(TenantStatus.ACTIVE);
        assertThat(registry.find(TenantId.of("acme")).orElseThrow().status()).isEqualTo(TenantStatus.ACTIVE);
        assertThat(List.of(db, search, identity)).allSatisfy(r -> assertThat(r.live).contains("acme"));
    }

    @Test
    void failedStepRollsBackEverythingAndLeavesNoEntry() {
        identity.failWith = new IllegalStateException("keycloak down");
        assertThatThrownBy(() -> lifecycle.create(acme(), "root"))
                .isInstanceOfSatisfying(QuanyuException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TENANT_PROVISIONING_FAILED);
                    assertThat(e.details()).containsEntry("step", "keycloak");
                });
        assertThat(registry.find(TenantId.of("acme"))).isEmpty();
        assertThat(List.of(db, search, identity)).allSatisfy(r -> assertThat(r.live).isEmpty());
    }

    @Test
    void conflictFromAStepIsReportedAsItself() {
        identity.failWith = new QuanyuException(ErrorCode.TENANT_ADMIN_EXISTS, Map.of("username", "acme-admin"));
        assertThatThrownBy(() -> lifecycle.create(acme(), "root"))
                .isInstanceOfSatisfying(QuanyuException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.TENANT_ADMIN_EXISTS));
        assertThat(db.live).isEmpty();
    }

    @Test
    void duplicateCreateIsRefusedAndChangesNothing() {
        lifecycle.create(acme(), "root");
        assertThatThrownBy(() -> lifecycle.create(acme(), "root"))
                .isInstanceOfSatisfying(QuanyuException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.TENANT_EXISTS));
        assertThat(db.live).containsExactly("acme");
    }

    @Test
    void suspendAndResume() {
        lifecycle.create(acme(), "root");
        assertThat(lifecycle.suspend(TenantId.of("acme")).status()).isEqualTo(TenantStatus.SUSPENDED);
        assertThatThrownBy(() -> lifecycle.resume(TenantId.of("nope")))
                .isInstanceOfSatisfying(QuanyuException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.TENANT_NOT_FOUND));
        assertThat(lifecycle.resume(TenantId.of("acme")).status()).isEqualTo(TenantStatus.ACTIVE);
    }

    @Test
    void deleteExportsFirstThenDeprovisions() {
        lifecycle.create(acme(), "root");
        Tenant deleted = lifecycle.delete(TenantId.of("acme"));
        assertThat(deleted.status()).isEqualTo(TenantStatus.DELETED);
        assertThat(deleted.export().file()).isEqualTo("acme.zip");
        assertThat(exporter.exportedWhileLive).isTrue();
        assertThat(List.of(db, search, identity)).allSatisfy(r -> assertThat(r.live).isEmpty());
        assertThatThrownBy(() -> lifecycle.suspend(TenantId.of("acme")))
                .isInstanceOfSatisfying(QuanyuException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.TENANT_STATE_CONFLICT));
    }

    @Test
    void failedExportDeletesNothingAndRestoresStatus() {
        lifecycle.create(acme(), "root");
        lifecycle.suspend(TenantId.of("acme"));
        exporter.fail = true;
        assertThatThrownBy(() -> lifecycle.delete(TenantId.of("acme")))
                .isInstanceOfSatisfying(QuanyuException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.TENANT_EXPORT_FAILED));
        assertThat(db.live).containsExactly("acme");
        assertThat(registry.find(TenantId.of("acme")).orElseThrow().status()).isEqualTo(TenantStatus.SUSPENDED);
    }

    @Test
    void deletedIdCanBeCreatedAgain() {
        lifecycle.create(acme(), "root");
        lifecycle.delete(TenantId.of("acme"));
        assertThat(lifecycle.create(acme(), "root").status()).isEqualTo(TenantStatus.ACTIVE);
    }

    private final class Exporter implements TenantExporter {
        boolean fail;
        boolean exportedWhileLive;

        @Override
        public TenantExport export(TenantId tenant) {
            if (fail) {
                throw new IllegalStateException("disk full");
            }
            exportedWhileLive = db.live.contains(tenant.value());
            return new TenantExport(tenant.value() + ".zip", 1, 1, 10, Instant.EPOCH);
        }
    }

    private static final class Resource implements TenantResource {
        final String name;
        final Set<String> live = ConcurrentHashMap.newKeySet();
        RuntimeException failWith;

        Resource(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void provision(NewTenant tenant) {
            if (failWith != null) {
                throw failWith;
            }
            live.add(tenant.id().value());
        }

        @Override
        public void deprovision(TenantId tenant) {
            live.remove(tenant.value());
        }
    }

    private static final class Registry implements TenantRegistry {
        final Map<TenantId, Tenant> tenants = new ConcurrentHashMap<>();

        @Override
        public void insert(Tenant tenant) {
            Tenant old = tenants.get(tenant.id());
            if (old != null && old.status() != TenantStatus.DELETED) {
                throw new QuanyuException(ErrorCode.TENANT_EXISTS, Map.of("tenant", tenant.id().value()));
            }
            tenants.put(tenant.id(), tenant);
        }

        @Override
        public Optional<Tenant> find(TenantId id) {
            return Optional.ofNullable(tenants.get(id));
        }

        @Override
        public List<Tenant> list() {
            return new ArrayList<>(tenants.values());
        }

        @Override
        public boolean replaceIfStatus(Tenant tenant, TenantStatus expected) {
            Tenant old = tenants.get(tenant.id());
            if (old == null || old.status() != expected) {
                return false;
            }
            tenants.put(tenant.id(), tenant);
            return true;
        }

        @Override
        public void remove(TenantId id) {
            tenants.remove(id);
        }
    }
}
