package io.quanyu.ui.access;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.records.MetadataService;
import io.quanyu.records.RecordService;
import io.quanyu.records.Records;
import io.quanyu.mongodb.MongoTenantDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import tools.jackson.databind.node.JsonNodeFactory;

import java.time.Clock;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The workspace refuses by role before touching any data, whatever the view shows: a forced call from a viewer's
 * browser fails here. (No database is given: a refused call never reaches one.)
 */
class TenantWorkspaceTest {
    private static final MetadataService METADATA = new MetadataService(Clock.systemUTC(), Runnable::run);
    private static final Records RECORDS = new Records(new MongoTenantDatabases(null), METADATA,
            new RecordService(METADATA, Clock.systemUTC()), null);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private static TenantWorkspace as(Role... roles) {
        var context = new TenantContext(new TenantId("acme"), "subject", "someone", Set.of(roles), false);
        return new TenantWorkspace(() -> new Workspace(context, Quotas.DEFAULT), RECORDS);
    }

    @Test
    void viewerCannotWriteRecordsOrChangeTheModel() {
        TenantWorkspace viewer = as(Role.VIEWER);
        assertThat(viewer.canWriteData()).isFalse();
        assertThat(viewer.canChangeModel()).isFalse();
        assertDenied(() -> viewer.createRecord("customer", F.objectNode()));
        assertDenied(() -> viewer.updateRecord("customer", "1", F.objectNode()));
        assertDenied(() -> viewer.deleteRecord("customer", "1"));
        assertDenied(() -> viewer.createObject(F.objectNode()));
        assertDenied(() -> viewer.changeObject("customer", F.objectNode()));
    }

    @Test
    void integratorWritesDataButNotTheModel() {
        TenantWorkspace integrator = as(Role.INTEGRATOR);
        assertThat(integrator.canWriteData()).isTrue();
        assertThat(integrator.canChangeModel()).isFalse();
        assertDenied(() -> integrator.createObject(F.objectNode()));
        assertDenied(() -> integrator.changeObject("customer", F.objectNode()));
    }

    @Test
    void builderMayDoBoth() {
        TenantWorkspace builder = as(Role.BUILDER);
        assertThat(builder.canWriteData()).isTrue();
        assertThat(builder.canChangeModel()).isTrue();
    }

    @Test
    void userWithoutATenantRoleReadsNothing() {
        assertDenied(() -> as().objects());
        assertDenied(() -> as().migrations("customer"));
        assertDenied(() -> as().migration("m1"));
    }

    private static void assertDenied(Executable call) {
        QuanyuException e = catchThrowableOfType(QuanyuException.class, () -> call.execute());
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
    }
}
