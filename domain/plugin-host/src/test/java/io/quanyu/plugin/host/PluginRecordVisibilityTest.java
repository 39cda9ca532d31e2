package io.quanyu.plugin.host;

import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.plugin.runtime.CallScope;
import io.quanyu.plugin.runtime.PluginKey;
import io.quanyu.plugin.sdk.Records;
import io.quanyu.records.MetadataService;
import io.quanyu.records.RecordService;
import io.quanyu.testfixtures.InJvmMongoExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The records a plugin reads through its context lose the fields its caller may not read: an operation called by a
 * viewer, and a job or webhook (no caller), do not see a field only tenant admins may read; one called by an admin
 * does. Writes through the plugin answer the record the same way.
 */
class PluginRecordVisibilityTest {
    @RegisterExtension
    static final InJvmMongoExtension MONGO = new InJvmMongoExtension();
    static final JsonMapper JSON = JsonMapper.builder().build();
    final MetadataService metadata = new MetadataService(Clock.systemUTC(), Runnable::run);
    final RecordService records = new RecordService(metadata, Clock.systemUTC());

    @Test
    void aPluginSeesOnlyTheFieldsItsCallerMayRead() {
        TenantId tenant = new TenantId("vis" + UUID.randomUUID().toString().replace("-", "").substring(0, 10));
        TenantDatabase db = new MongoTenantDatabases(MONGO.client()).forTenant(new TenantContext(tenant, "s", "admin",
                Set.of(Role.TENANT_ADMIN), false));
        metadata.create(db, JSON.readTree("""
                {"apiName": "deal", "label": {"en": "Deal"}, "fields": [
                  {"apiName": "title", "type": "text", "label": {"en": "Title"}},
                  {"apiName": "margin", "type": "integer", "label": {"en": "Margin"}, "readRoles": ["tenant-admin"]}]}
                """), "admin", Quotas.DEFAULT);
        String id = records.create(db, "deal", JSON.readTree("{\"title\": \"秘密交易\", \"margin\": 4200}"), "admin",
                Quotas.DEFAULT).path("_id").asString();

        assertThat(pluginRecords(tenant, Set.of(Role.VIEWER)).get("deal", id).orElseThrow()).containsKey("title")
                .doesNotContainKey("margin");
        assertThat(pluginRecords(tenant, Set.of()).get("deal", id).orElseThrow()).doesNotContainKey("margin");
        assertThat(pluginRecords(tenant, Set.of()).find("deal", Map.of(), 10, null).records())
                .allSatisfy(r -> assertThat(r).doesNotContainKey("margin")).hasSize(1);
        assertThat(pluginRecords(tenant, Set.of(Role.INTEGRATOR)).create("deal", Map.of("title", "b", "margin", 1)))
                .doesNotContainKey("margin");
        assertThat(pluginRecords(tenant, Set.of(Role.TENANT_ADMIN)).get("deal", id).orElseThrow())
                .containsEntry("margin", 4200L);
    }

    private Records pluginRecords(TenantId tenant, Set<Role> callerRoles) {
        TenantAccess access = t -> new TenantAccess.Handle(new MongoTenantDatabases(MONGO.client()).forTenant(
                new TenantContext(t, "s", "host", Set.of(), false)), Quotas.DEFAULT);
        var services = new PlatformContextServices(access, new io.quanyu.records.Records(new MongoTenantDatabases(MONGO.client()),
                metadata, records, null), null, null, null, new PluginStores(new SecretBox(Node.KEY), Clock.systemUTC()),
                new PluginTasks(null, Clock.systemUTC()), "http://localhost:8080", new io.quanyu.plugin.runtime.SessionTokens(new byte[32], java.time.Clock.systemUTC(), io.quanyu.plugin.runtime.SessionTokens.Revocations.inMemory()));
        return services.open(new PluginKey("vis-plugin", "1.0.0"), new CallScope(tenant, "someone", callerRoles, "c-1"))
                .records();
    }
}
