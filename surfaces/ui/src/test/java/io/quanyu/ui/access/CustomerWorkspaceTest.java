package io.quanyu.ui.access;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.customer360.Customer360;
import io.quanyu.customer360.Customers;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.records.Records;
import io.quanyu.records.MetadataService;
import io.quanyu.records.RecordService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Clock;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The customer 360 refuses by role before touching any data, as the REST API does: viewers read but cannot tag,
 * merge, dismiss or unmerge; a user without a tenant role reads nothing. (No database is given: a refused call
 * never reaches one.)
 */
class CustomerWorkspaceTest {
    private static final MetadataService METADATA = new MetadataService(Clock.systemUTC(), Runnable::run);
    private static final RecordService RECORDS = new RecordService(METADATA, Clock.systemUTC());
    private static final MongoTenantDatabases DATABASES = new MongoTenantDatabases(null);
    private static final Customers CUSTOMERS = new Customers(DATABASES, new Customer360(METADATA, RECORDS, Clock.systemUTC()),
            new Records(DATABASES, METADATA, RECORDS, null));

    private static CustomerWorkspace as(Role... roles) {
        var context = new TenantContext(new TenantId("acme"), "subject", "someone", Set.of(roles), false);
        return new CustomerWorkspace(() -> new Workspace(context, Quotas.DEFAULT), CUSTOMERS);
    }

    @Test
    void viewerCannotTagMergeDismissOrUnmerge() {
        CustomerWorkspace viewer = as(Role.VIEWER);
        assertThat(viewer.canWrite()).isFalse();
        assertDenied(() -> viewer.tag("c1", "vip", true));
        assertDenied(() -> viewer.tag("c1", "vip", false));
        assertDenied(() -> viewer.accept("s1"));
        assertDenied(() -> viewer.dismiss("s1"));
        assertDenied(() -> viewer.unmerge("m1"));
    }

    @Test
    void integratorsBuildersAndAdminsWriteAsTheRestApiAllows() {
        assertThat(as(Role.INTEGRATOR).canWrite()).isTrue();
        assertThat(as(Role.BUILDER).canWrite()).isTrue();
        assertThat(as(Role.TENANT_ADMIN).canWrite()).isTrue();
    }

    @Test
    void userWithoutATenantRoleReadsNothing() {
        CustomerWorkspace nobody = as();
        assertThat(nobody.canWrite()).isFalse();
        assertDenied(() -> nobody.profile("c1"));
        assertDenied(() -> nobody.timeline("c1", 10, null));
        assertDenied(() -> nobody.summaries(List.of("c1")));
        assertDenied(() -> nobody.identityTypes());
        assertDenied(() -> nobody.findByIdentity("phone", "13800138000"));
    }

    private static void assertDenied(Executable call) {
        QuanyuException e = catchThrowableOfType(QuanyuException.class, () -> call.execute());
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
    }
}
