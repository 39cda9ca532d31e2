package io.quanyu.ui.access;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.records.MetadataService;
import io.quanyu.records.RecordLayout;
import io.quanyu.records.RecordService;
import io.quanyu.records.Records;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Clock;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Layouts and the import's writer are refused by role before any data is touched (no database is given). */
class LayoutWorkspaceTest {
    private static final MetadataService METADATA = new MetadataService(Clock.systemUTC(), Runnable::run);
    private static final Records RECORDS = new Records(new io.quanyu.mongodb.MongoTenantDatabases(null), METADATA,
            new RecordService(METADATA, Clock.systemUTC()), null);

    private static CurrentTenant as(Role... roles) {
        var context = new TenantContext(new TenantId("acme"), "subject", "someone", Set.of(roles), false);
        return () -> new Workspace(context, Quotas.DEFAULT);
    }

    @Test
    void viewersAndIntegratorsCannotChangeLayouts() {
        for (Role role : List.of(Role.VIEWER, Role.INTEGRATOR)) {
            LayoutWorkspace layouts = new LayoutWorkspace(as(role), RECORDS);
            assertThat(layouts.canEdit()).isFalse();
            assertDenied(() -> layouts.save("customer", new RecordLayout(List.of(), List.of())));
            assertDenied(() -> layouts.reset("customer"));
        }
    }

    @Test
    void builderAndTenantAdminChangeLayouts() {
        assertThat(new LayoutWorkspace(as(Role.BUILDER), RECORDS).canEdit()).isTrue();
        assertThat(new LayoutWorkspace(as(Role.TENANT_ADMIN), RECORDS).canEdit()).isTrue();
    }

    @Test
    void withoutATenantRoleNoLayoutIsRead() {
        assertDenied(() -> new LayoutWorkspace(as(), RECORDS).layout("customer"));
    }

    @Test
    void aViewerGetsNoImportWriter() {
        assertDenied(() -> new TenantWorkspace(as(Role.VIEWER), RECORDS).recordWriter("customer"));
    }

    private static void assertDenied(Executable call) {
        QuanyuException e = catchThrowableOfType(QuanyuException.class, call::execute);
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
    }
}
