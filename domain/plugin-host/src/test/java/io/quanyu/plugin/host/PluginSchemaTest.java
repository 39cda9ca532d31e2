package io.quanyu.plugin.host;

import io.quanyu.core.error.ErrorCode;
import io.quanyu.core.error.QuanyuException;
import io.quanyu.core.call.CallContext;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.graphql.GraphqlEngine;
import io.quanyu.graphql.RequestScope;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.records.MetadataService;
import io.quanyu.records.RecordService;
import io.quanyu.testfixtures.InJvmMongoExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

class PluginSchemaTest {
    @RegisterExtension
    static final InJvmMongoExtension MONGO = new InJvmMongoExtension();
    final MetadataService metadata = new MetadataService(Clock.systemUTC(), Executors.newVirtualThreadPerTaskExecutor());
    final RecordService records = new RecordService(metadata, Clock.systemUTC());
    /** Which operations each tenant has enabled, changed by the tests like enabling a plugin would. */
    final Map<String, List<PluginOperations.Exposed>> enabled = new ConcurrentHashMap<>();
    final PluginOperations plugins = new PluginOperations() {
        @Override
        public List<Exposed> forTenant(TenantId tenant) {
            return enabled.getOrDefault(tenant.value(), List.of());
        }

        @Override
        public Map<String, Object> invoke(Exposed operation, RequestScope scope, Map<String, Object> input) {
            if ("".equals(input.get("name"))) {
                throw new QuanyuException(ErrorCode.PLUGIN_OPERATION_FAILED, Map.of("plugin", operation.pluginId(),
                        "call", operation.operation(), "reason", "blank", "pluginCode", "NAME_BLANK"));
            }
            return Map.of("message", operation.version() + " greets " + input.get("name") + " for " + scope.call().tenant());
        }
    };
    final GraphqlEngine engine = new GraphqlEngine(new GraphqlEngine.Limits(8, 5_000, Duration.ofSeconds(10), 100),
            List.of(new PluginSchema(plugins)));

    static final PluginOperations.Exposed GREET = new PluginOperations.Exposed("acme-hello", "1.0.0", "greet", false,
            "Greets someone", "{\"type\":\"object\"}", true);
    static final PluginOperations.Exposed STAMP = new PluginOperations.Exposed("acme-hello", "1.0.0", "stamp", true,
            null, "{\"type\":\"object\"}", false);

    private RequestScope scope(String tenant, RequestScope.Capability capability) {
        var db = new MongoTenantDatabases(MONGO.client()).forTenant(new TenantContext(TenantId.of(tenant), "u", "tester",
                Set.of(Role.TENANT_ADMIN), false));
        var call = new CallContext(db.tenant(), "tester", Set.of(Role.TENANT_ADMIN), Quotas.DEFAULT, null, null);
        return new RequestScope(call, capability, new io.quanyu.records.Records(new MongoTenantDatabases(MONGO.client()), metadata, records, null));
    }

    private Map<String, Object> run(RequestScope scope, String query) {
        return engine.execute(scope, query, Map.of(), null);
    }

    @Test
    void operationsAppearOnlyForTenantsThatEnabledThemAndLeaveWhenDisabled() {
        enabled.put("pluga", List.of(GREET, STAMP));
        var a = scope("pluga", RequestScope.Capability.WRITE_DATA);
        var b = scope("plugb", RequestScope.Capability.WRITE_DATA);
        assertThat(run(a, "{ acmeHello_greet(input: {name: \"李\"}) }")).isEqualTo(
                Map.of("data", Map.of("acmeHello_greet", Map.of("message", "1.0.0 greets 李 for pluga"))));
        assertThat(run(b, "{ acmeHello_greet(input: {name: \"李\"}) }").get("errors")).asString()
                .contains("acmeHello_greet");
        enabled.put("pluga", List.of(GREET.withVersion("2.0.0")));
        assertThat(run(a, "{ acmeHello_greet(input: {name: \"Li\"}) }").toString()).contains("2.0.0 greets Li");
        enabled.remove("pluga");
        assertThat(run(a, "{ acmeHello_greet(input: {name: \"Li\"}) }").get("errors")).isNotNull();
    }

    @Test
    void mutationsNeedACallerWhoMayWriteData() {
        enabled.put("plugc", List.of(GREET, STAMP));
        assertThat(run(scope("plugc", RequestScope.Capability.WRITE_DATA), "mutation { acmeHello_stamp }").toString())
                .contains("greets null");
        var reader = scope("plugc", RequestScope.Capability.READ);
        assertThat(run(reader, "mutation { acmeHello_stamp }").get("errors")).isNotNull();
        assertThat(run(reader, "{ acmeHello_greet(input: {name: \"Li\"}) }").toString()).contains("greets Li");
    }

    @Test
    void pluginRefusalsKeepTheirCodes() {
        enabled.put("plugd", List.of(GREET));
        var result = run(scope("plugd", RequestScope.Capability.READ), "{ acmeHello_greet(input: {name: \"\"}) }");
        assertThat(result.get("errors").toString()).contains("PLUGIN_OPERATION_FAILED");
    }
}
