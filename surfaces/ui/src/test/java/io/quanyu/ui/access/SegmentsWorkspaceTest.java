package io.quanyu.ui.access;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.outbox.OutboxSignal;
import io.quanyu.scheduling.Scheduler;
import io.quanyu.segments.SegmentEngine;
import io.quanyu.segments.Segments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import tools.jackson.databind.node.JsonNodeFactory;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The segments screen refuses by role before touching any data, as {@link Segments} does for every surface: viewers
 * and integrators read but cannot save or delete; a user without a tenant role reads nothing, not even an estimate.
 * (No database, scheduler or event seam is given: a refused call never reaches one.)
 */
class SegmentsWorkspaceTest {
    private static final Segments SEGMENTS = new Segments(new MongoTenantDatabases(null),
            new SegmentEngine(null, tenant -> null, nothing(Scheduler.class), nothing(OutboxSignal.class), Clock.systemUTC()),
            null, Clock.systemUTC());
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private static SegmentsWorkspace as(Role... roles) {
        var context = new TenantContext(new TenantId("acme"), "subject", "someone", Set.of(roles), false);
        return new SegmentsWorkspace(() -> new Workspace(context, Quotas.DEFAULT), SEGMENTS);
    }

    @Test
    void buildersAndTenantAdminsChangeSegmentsAsSegmentsPutRequires() {
        assertThat(as(Role.BUILDER).canChange()).isTrue();
        assertThat(as(Role.TENANT_ADMIN).canChange()).isTrue();
        assertThat(as(Role.INTEGRATOR).canChange()).isFalse();
        assertThat(as(Role.VIEWER).canChange()).isFalse();
    }

    @Test
    void viewerCannotSaveOrDelete() {
        SegmentsWorkspace viewer = as(Role.VIEWER);
        assertDenied(() -> viewer.put("vip", JSON.objectNode()));
        assertDenied(() -> viewer.delete("vip"));
    }

    @Test
    void userWithoutATenantRoleReadsNothing() {
        SegmentsWorkspace nobody = as();
        assertDenied(nobody::list);
        assertDenied(nobody::counts);
        assertDenied(() -> nobody.members("vip", null, 10));
        assertDenied(() -> nobody.explain("vip", "c1"));
        assertDenied(() -> nobody.ofCustomer("c1"));
        assertDenied(() -> nobody.history("vip", java.time.ZoneOffset.UTC, java.time.LocalDate.now(),
                java.time.LocalDate.now()));
        assertDenied(() -> nobody.estimate(JSON.objectNode().set("all", JSON.arrayNode())));
    }

    @SuppressWarnings("unchecked")
    private static <T> T nothing(Class<T> type) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (proxy, method, args) -> null);
    }

    private static void assertDenied(Executable call) {
        QuanyuException e = catchThrowableOfType(QuanyuException.class, call::execute);
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
    }
}
