package io.quanyu.ui.records;

import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.records.MetadataService;
import io.quanyu.records.RecordQuery;
import io.quanyu.records.RecordService;
import io.quanyu.records.Records;
import io.quanyu.testfixtures.InJvmMongoExtension;
import io.quanyu.ui.access.TenantWorkspace;
import io.quanyu.ui.access.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The builder's CSV export reads through the guarded records service: a field only tenant admins may read is empty
 * in a viewer's or builder's file, even when the column is asked for, and filled in an admin's.
 */
class CsvExportVisibilityTest {
    @RegisterExtension
    static final InJvmMongoExtension MONGO = new InJvmMongoExtension();
    final MetadataService metadata = new MetadataService(Clock.systemUTC(), Runnable::run);
    final RecordService records = new RecordService(metadata, Clock.systemUTC());
    final TenantId tenant = new TenantId("csv" + UUID.randomUUID().toString().replace("-", "").substring(0, 10));

    @Test
    void aHiddenFieldIsEmptyInTheFileOfEveryoneWhoMayNotReadIt() throws Exception {
        TenantWorkspace admin = as(Role.TENANT_ADMIN);
        admin.createObject(CsvTestTypes.JSON.readTree("""
                {"apiName": "lead", "label": {"en": "Lead"}, "fields": [
                  {"apiName": "name", "type": "text", "label": {"en": "Name"}},
                  {"apiName": "note", "type": "text", "label": {"en": "Note"}, "readRoles": ["tenant-admin"]}]}
                """));
        admin.createRecord("lead", CsvTestTypes.JSON.readTree("{\"name\": \"王小明\", \"note\": \"只给管理员看\"}"));

        assertThat(export(admin)).contains("只给管理员看");
        assertThat(export(as(Role.VIEWER))).contains("王小明").doesNotContain("只给管理员看");
        assertThat(export(as(Role.BUILDER))).contains("王小明").doesNotContain("只给管理员看");
    }

    private String export(TenantWorkspace workspace) throws Exception {
        var out = new ByteArrayOutputStream();
        try (var printer = CsvFiles.printer(out)) {
            CsvExport.write(printer, workspace.object("lead").fields(), new RecordQuery(null, List.of(), 50, null, false),
                    q -> workspace.query("lead", q));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private TenantWorkspace as(Role role) {
        var databases = new MongoTenantDatabases(MONGO.client());
        var context = new TenantContext(tenant, "subject", "someone", Set.of(role), false);
        return new TenantWorkspace(() -> new Workspace(context, Quotas.DEFAULT),
                new Records(databases, metadata, records, null));
    }
}
