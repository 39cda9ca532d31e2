package io.quanyu.server.graphql;

import graphql.introspection.IntrospectionQuery;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.graphql.GraphqlEngine;
import io.quanyu.plugin.host.PluginOperations;
import io.quanyu.plugin.host.PluginSchema;
import io.quanyu.server.customers.Customer360Schema;
import io.quanyu.graphql.RequestScope;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.records.MetadataService;
import io.quanyu.records.RecordService;
import io.quanyu.testfixtures.InJvmMongoExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The tenant schema as an independent GraphQL client sees it: graphql-js (the reference implementation, installed
 * by this module's build with GraphiQL's npm packages) builds a client schema from the introspection result,
 * validates it and checks the Relay server specification on it, for each of the three schema shapes.
 */
class RelaySchemaTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path GRAPHQL_JS = Path.of("graphiql", "node_modules");
    private static final List<String> OBJECTS = List.of("""
            {"apiName": "memberCard", "label": {"en": "Member card"}, "fields": [
              {"apiName": "cardNo", "type": "text", "label": {"en": "Card no."}, "required": true},
              {"apiName": "owner", "type": "reference", "label": {"en": "Owner"}, "target": "customer"},
              {"apiName": "cost", "type": "decimal", "label": {"en": "Cost"}, "readRoles": ["tenant-admin"]},
              {"apiName": "doubled", "type": "formula", "label": {"en": "x2"}, "expression": "1 * 2", "resultType": "integer"}]}""", """
            {"apiName": "coupon", "label": {"en": "Coupon"}, "fields": [
              {"apiName": "id", "type": "text", "label": {"en": "Coupon id"}},
              {"apiName": "card", "type": "reference", "label": {"en": "Card"}, "target": "memberCard"},
              {"apiName": "products", "type": "multiReference", "label": {"en": "Products"}, "target": "product"}]}""", """
            {"apiName": "node", "label": {"en": "Network node"}, "fields": [
              {"apiName": "host", "type": "text", "label": {"en": "Host"}}]}""");
    @RegisterExtension
    static final InJvmMongoExtension MONGO = new InJvmMongoExtension();

    private final MetadataService metadata = new MetadataService(Clock.systemUTC(), Executors.newVirtualThreadPerTaskExecutor());

    @ParameterizedTest
    @EnumSource(RequestScope.Capability.class)
    void graphqlJsAcceptsTheSchemaAsARelaySchema(RequestScope.Capability capability, @TempDir Path dir) throws Exception {
        RequestScope scope = tenant(capability);
        var engine = new GraphqlEngine(new GraphqlEngine.Limits(8, 5_000, Duration.ofSeconds(30), 10), List.of(new PluginSchema(plugins()), customers()));
        Map<String, Object> introspection = engine.execute(scope, IntrospectionQuery.INTROSPECTION_QUERY, Map.of(), null);
        assertThat(introspection.get("errors")).as(introspection.toString()).isNull();
        Path file = dir.resolve("introspection.json");
        Files.writeString(file, JSON.writeValueAsString(introspection));
        int objects = scope.records().objects(scope.call()).size();
        assertThat(objects).as("standard objects and the three above").isGreaterThan(OBJECTS.size());

        String output = graphqlJs(file, objects);
        assertThat(output).contains("valid Relay schema");
    }

    private RequestScope tenant(RequestScope.Capability capability) {
        var db = new MongoTenantDatabases(MONGO.client()).forTenant(new TenantContext(TenantId.of("relay" + suffix()), "u", "tester",
                Set.of(Role.TENANT_ADMIN), false));
        OBJECTS.forEach(definition -> metadata.create(db, JSON.readTree(definition), "builder", Quotas.DEFAULT));
        Set<Role> roles = capability == RequestScope.Capability.READ ? Set.of(Role.VIEWER) : Set.of(Role.TENANT_ADMIN);
        var call = new io.quanyu.core.call.CallContext(db.tenant(), "tester", roles, Quotas.DEFAULT, null, null);
        return new RequestScope(call, capability, new io.quanyu.records.Records(new MongoTenantDatabases(MONGO.client()), metadata,
                new RecordService(metadata, Clock.systemUTC()), null));
    }

    /** Runs the check script on Node.js; fails (never skips) when Node.js or graphql-js is missing. */
    private static String graphqlJs(Path introspection, int objects) throws IOException, InterruptedException {
        if (!Files.isRegularFile(GRAPHQL_JS.resolve("graphql").resolve("package.json"))) {
            fail("graphql-js is missing from %s: the build's generate-resources phase installs it (npm install in "
                    + "surfaces/server/graphiql)", GRAPHQL_JS.toAbsolutePath());
        }
        Path script = Path.of("src", "test", "resources", "relay", "check-schema.cjs").toAbsolutePath();
        var builder = new ProcessBuilder("node", script.toString(), introspection.toString(), String.valueOf(objects))
                .redirectErrorStream(true);
        builder.environment().put("NODE_PATH", GRAPHQL_JS.toAbsolutePath().toString());
        Process node;
        try {
            node = builder.start();
        } catch (IOException e) {
            throw new AssertionError("Node.js (the `node` command, version 20 or later) is not on the PATH; this test "
                    + "needs it to run graphql-js", e);
        }
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node finished").isTrue();
        assertThat(node.exitValue()).as("graphql-js rejected the schema:%n%s", output).isZero();
        return output;
    }

    private static PluginOperations plugins() {
        var lookup = new PluginOperations.Exposed("acme-loyalty", "1.0.0", "balance", false, "Points", "{}", false);
        var award = new PluginOperations.Exposed("acme-loyalty", "1.0.0", "award", true, null, "{\"required\": [\"n\"]}", true);
        return new PluginOperations() {
            @Override
            public List<Exposed> forTenant(TenantId tenant) {
                return List.of(lookup, award);
            }

            @Override
            public Map<String, Object> invoke(Exposed operation, RequestScope scope, Map<String, Object> input) {
                throw new UnsupportedOperationException("introspection only");
            }
        };
    }

    /** The customer 360 fields are part of the schema; introspection never calls their service. */
    private static Customer360Schema customers() {
        return new Customer360Schema(null);
    }

    private static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }
}
