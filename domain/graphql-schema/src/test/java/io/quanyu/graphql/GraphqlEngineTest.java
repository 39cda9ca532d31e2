package io.quanyu.graphql;

import com.mongodb.MongoClientSettings;
import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import graphql.schema.idl.SchemaPrinter;
import io.quanyu.core.call.CallContext;
import io.quanyu.core.tenant.Quotas;
import io.quanyu.core.tenant.Role;
import io.quanyu.core.tenant.TenantContext;
import io.quanyu.core.tenant.TenantId;
import io.quanyu.mongodb.MongoTenantDatabases;
import io.quanyu.mongodb.TenantDatabase;
import io.quanyu.records.Records;
import io.quanyu.records.MetadataService;
import io.quanyu.records.RecordService;
import io.quanyu.testfixtures.InJvmMongo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class GraphqlEngineTest {
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String CARD = """
            {"apiName": "memberCard", "label": {"en": "Member card", "zh-CN": "会员卡"}, "fields": [
              {"apiName": "cardNo", "type": "text", "label": {"en": "Card no."}, "required": true, "unique": true},
              {"apiName": "owner", "type": "reference", "label": {"en": "Owner"}, "target": "customer"},
              {"apiName": "points", "type": "integer", "label": {"en": "Points"}, "default": 0},
              {"apiName": "balance", "type": "decimal", "label": {"en": "Balance"}, "precision": 10, "scale": 2},
              {"apiName": "tags", "type": "multiSelect", "label": {"en": "Tags"}, "options": [{"value": "vip", "label": {"en": "VIP"}}]},
              {"apiName": "doubled", "type": "formula", "label": {"en": "x2"}, "expression": "points * 2", "resultType": "integer"}
            ]}
            """;
    static InJvmMongo server;
    static MongoClient client;
    static final AtomicInteger customerFinds = new AtomicInteger();

    final MetadataService metadata = new MetadataService(Clock.systemUTC(), Executors.newVirtualThreadPerTaskExecutor());
    final RecordService records = new RecordService(metadata, Clock.systemUTC());
    final GraphqlEngine engine = new GraphqlEngine(new GraphqlEngine.Limits(8, 5_000, Duration.ofSeconds(10), 100));
    RequestScope acme;
    RequestScope globex;

    @BeforeAll
    static void start() {
        server = InJvmMongo.start();
        CommandListener counter = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                if ("find".equals(event.getCommandName()) && "r_customer".equals(event.getCommand().getString("find").getValue())) {
                    customerFinds.incrementAndGet();
                }
            }
        };
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.connectionString())).addCommandListener(counter).build());
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @BeforeEach
    void tenants() {
        acme = scope("acme" + suffix(), RequestScope.Capability.CHANGE_MODEL);
        globex = scope("globex" + suffix(), RequestScope.Capability.CHANGE_MODEL);
        metadata.create(db(acme), JSON.readTree(CARD), "builder", Quotas.DEFAULT);
        metadata.create(db(globex), JSON.readTree(CARD), "builder", Quotas.DEFAULT);
    }

    private static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    private RequestScope scope(String tenant, RequestScope.Capability capability) {
        var db = new MongoTenantDatabases(client).forTenant(new TenantContext(TenantId.of(tenant), "u", "tester",
                Set.of(Role.TENANT_ADMIN), false));
        var call = new CallContext(db.tenant(), "tester", Set.of(Role.TENANT_ADMIN, Role.BUILDER, Role.VIEWER),
                Quotas.DEFAULT, null, null);
        return new RequestScope(call, capability, guarded());
    }

    /** The tenant database of a request, for setting up data beside the GraphQL calls. */
    private TenantDatabase db(RequestScope scope) {
        return new MongoTenantDatabases(client).forCall(scope.call());
    }

    private Records guarded() {
        return new Records(new MongoTenantDatabases(client), metadata, records, null);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> run(RequestScope scope, String query) {
        return engine.execute(scope, query, Map.of(), null);
    }

    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> result, String... path) {
        Object node = result;
        for (String key : path) {
            node = node instanceof List<?> l ? l.get(Integer.parseInt(key)) : ((Map<String, Object>) node).get(key);
        }
        return node;
    }

    private String customer(RequestScope scope, String name) {
        return records.create(db(scope), "customer", JSON.readTree("{\"name\": \"" + name + "\"}"), "t", Quotas.DEFAULT)
                .path("_id").asString();
    }

    @Test
    void generatedSchemaMatchesTheGoldenSdl() throws Exception {
        String sdl = new SchemaPrinter(SchemaPrinter.Options.defaultOptions().includeDirectives(false))
                .print(SchemaGenerator.generate(metadata.list(db(acme)), RequestScope.Capability.CHANGE_MODEL, acme.roles()));
        if (Boolean.getBoolean("quanyu.updateGolden")) { // regenerate: mvn test -Dquanyu.updateGolden=true, then review the diff
            java.nio.file.Files.writeString(java.nio.file.Path.of("src/test/resources/golden/tenant-schema.graphqls"), sdl);
            return;
        }
        try (var in = getClass().getResourceAsStream("/golden/tenant-schema.graphqls")) {
            assertThat(sdl).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void createQueryFilterSortPageAndResolveReferencesInOneBatch() {
        for (int i = 0; i < 12; i++) {
            String owner = customer(acme, "客户" + i);
            var created = run(acme, "mutation { createMemberCard(input: {cardNo: \"C" + (100 + i) + "\", owner: \"" + owner
                    + "\", points: " + (i * 10) + ", balance: 1.5, tags: [\"vip\"]}) { _id doubled owner { name } } }");
            assertThat(created.get("errors")).as(created.toString()).isNull();
            assertThat(at(created, "data", "createMemberCard", "doubled")).isEqualTo(i * 20L);
        }
        customerFinds.set(0);
        var page = run(acme, """
                { memberCards(filter: {points: {gte: 30}, tags: {contains: "vip"}}, orderBy: [{field: points, direction: DESC}], first: 5) {
                    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { cardNo points owner { name } } } } }
                """);
        assertThat(page.get("errors")).as(page.toString()).isNull();
        assertThat(at(page, "data", "memberCards", "totalCount")).isEqualTo(9L);
        assertThat(at(page, "data", "memberCards", "edges", "0", "node", "points")).isEqualTo(110L);
        assertThat(at(page, "data", "memberCards", "edges", "0", "node", "owner", "name")).isEqualTo("客户11");
        assertThat(customerFinds.get()).as("one batched customer query for five references").isEqualTo(1);

        String after = (String) at(page, "data", "memberCards", "pageInfo", "endCursor");
        var next = run(acme, "{ memberCards(filter: {points: {gte: 30}}, orderBy: [{field: points, direction: DESC}], first: 5, after: \""
                + after + "\") { nodes { points } } }");
        assertThat((List<?>) at(next, "data", "memberCards", "nodes")).hasSize(4);

        var back = run(acme, "{ customers(first: 1, orderBy: [{field: name}]) { nodes { name memberCardsByOwner { totalCount nodes { cardNo } } } } }");
        assertThat(at(back, "data", "customers", "nodes", "0", "memberCardsByOwner", "totalCount")).as(back.toString()).isEqualTo(1L);
    }

    @Test
    void validationFailuresCarryCodesAndPointers() {
        var failed = run(acme, "mutation { createMemberCard(input: {points: -1, owner: \"ghost\"}) { _id } }");
        Map<String, Object> extensions = (Map<String, Object>) at(failed, "errors", "0", "extensions");
        assertThat(extensions.get("code")).isEqualTo("RECORD_VALIDATION_FAILED");
        assertThat(extensions.get("violations").toString()).contains("/cardNo");
        assertThat(at(run(acme, "{ memberCards { nope } }"), "errors", "0", "extensions", "code")).isEqualTo("GRAPHQL_INVALID");
        assertThat(at(run(acme, "{ memberCards("), "errors", "0", "extensions", "code")).isEqualTo("GRAPHQL_INVALID");
    }

    @Test
    void staleVersionIsAConflictThroughGraphql() {
        var created = run(acme, "mutation { createMemberCard(input: {cardNo: \"V1\"}) { _id _version } }");
        String id = (String) at(created, "data", "createMemberCard", "_id");
        run(acme, "mutation { updateMemberCard(id: \"" + id + "\", version: 1, patch: {points: 5}) { _version } }");
        var stale = run(acme, "mutation { updateMemberCard(id: \"" + id + "\", version: 1, patch: {points: 6}) { _version } }");
        assertThat(at(stale, "errors", "0", "extensions", "code")).isEqualTo("VERSION_CONFLICT");
    }

    @Test
    void depthAndCostAreLimited() {
        var deep = run(acme, "{ memberCards { nodes { owner { memberCardsByOwner { nodes { owner { memberCardsByOwner { nodes { owner { name } } } } } } } } } }");
        assertThat(at(deep, "errors", "0", "extensions", "code")).isEqualTo("QUERY_TOO_DEEP");
        var costly = run(acme, "{ customers(first: 200) { nodes { memberCardsByOwner(first: 200) { nodes { cardNo } } } } }");
        assertThat(at(costly, "errors", "0", "extensions", "code")).isEqualTo("QUERY_TOO_COMPLEX");
        var introspection = run(acme, graphql.introspection.IntrospectionQuery.INTROSPECTION_QUERY);
        assertThat(introspection.get("errors")).as("introspection is bounded by the schema, not limited").isNull();
        var sneaky = run(acme, "{ __typename " + "memberCards { nodes { owner { memberCardsByOwner { nodes { owner { "
                + "memberCardsByOwner { nodes { owner { name } } } } } } } } } }");
        assertThat(at(sneaky, "errors", "0", "extensions", "code")).isEqualTo("QUERY_TOO_DEEP");
        var page = run(acme, "{ memberCards(first: 500) { totalCount } }");
        assertThat(at(page, "errors", "0", "extensions", "code")).isEqualTo("QUERY_INVALID");
    }

    @Test
    void aQueryThatRunsTooLongIsCutOffWithQueryTimeout() {
        for (int i = 0; i < 30; i++) {
            run(acme, "mutation { createMemberCard(input: {cardNo: \"T" + i + "\", owner: \"" + customer(acme, "c" + i) + "\"}) { _id } }");
        }
        var impatient = new GraphqlEngine(new GraphqlEngine.Limits(8, 5_000, Duration.ofNanos(1), 10));
        var result = impatient.execute(acme, "{ memberCards(first: 30) { totalCount nodes { cardNo owner { name } } } }", Map.of(), null);
        assertThat(at(result, "errors", "0", "extensions", "code")).isEqualTo("QUERY_TIMEOUT");
    }

    @Test
    void fieldAddedIsQueryableOnTheNextRequestAndRemovedFieldIsGone() {
        assertThat(at(run(acme, "{ memberCards { nodes { level } } }"), "errors", "0", "extensions", "code")).isEqualTo("GRAPHQL_INVALID");
        var definition = (tools.jackson.databind.node.ObjectNode) JSON.readTree(CARD);
        ((tools.jackson.databind.node.ArrayNode) definition.get("fields")).add(JSON.readTree(
                "{\"apiName\": \"level\", \"type\": \"text\", \"label\": {\"en\": \"Level\"}}"));
        metadata.change(db(acme), "memberCard", definition, "builder", Quotas.DEFAULT);
        var withField = run(acme, "{ memberCards { nodes { level } } }");
        assertThat(withField.get("errors")).as(withField.toString()).isNull();

        metadata.change(db(acme), "memberCard", JSON.readTree(CARD), "builder", Quotas.DEFAULT);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() ->
                metadata.get(db(acme), "memberCard").type().field("level").isEmpty());
        var introspection = run(acme, "{ __type(name: \"MemberCard\") { fields { name } } }");
        assertThat(introspection.toString()).doesNotContain("level").contains("cardNo");
    }

    @Test
    void fieldsReadableOnlyBySomeRolesAreAbsentFromOtherRolesSchemas() {
        var definition = (tools.jackson.databind.node.ObjectNode) JSON.readTree(CARD);
        ((tools.jackson.databind.node.ArrayNode) definition.get("fields")).add(JSON.readTree(
                "{\"apiName\": \"costPrice\", \"type\": \"decimal\", \"label\": {\"en\": \"Cost\"}, \"readRoles\": [\"tenant-admin\"]}"));
        metadata.change(db(acme), "memberCard", definition, "builder", Quotas.DEFAULT);
        var admin = run(acme, "{ __type(name: \"MemberCard\") { fields { name } } }");
        assertThat(admin.toString()).contains("costPrice");
        var viewer = new RequestScope(new CallContext(db(acme).tenant(), "v", Set.of(Role.VIEWER), Quotas.DEFAULT, null, null),
                RequestScope.Capability.READ, guarded());
        assertThat(run(viewer, "{ __type(name: \"MemberCard\") { fields { name } } }").toString()).doesNotContain("costPrice");
        assertThat(run(viewer, "{ __type(name: \"MemberCard_Filter\") { inputFields { name } } }").toString()).doesNotContain("costPrice");
        assertThat(at(run(viewer, "{ memberCards { nodes { costPrice } } }"), "errors", "0", "extensions", "code")).isEqualTo("GRAPHQL_INVALID");
    }

    @Test
    void aPluginsObjectTypeIsReadThroughGraphqlButOffersNoMutations() {
        var type = io.quanyu.objects.schema.ObjectTypeParser.shape(JSON.readTree("""
                {"apiName": "acmehelloCard", "label": {"en": "Greeting card"},
                 "fields": [{"apiName": "to", "type": "text", "label": {"en": "To"}}]}""")).managedBy("acme-hello");
        metadata.create(db(acme), io.quanyu.objects.schema.ObjectTypeParser.toJson(type), "platform", Quotas.DEFAULT);

        var create = run(acme, "mutation { createAcmehelloCard(input: {to: \"Li\"}) { _id } }");
        assertThat(at(create, "errors", "0", "extensions", "code")).isEqualTo("GRAPHQL_INVALID");
        assertThat(at(run(acme, "{ acmehelloCards { totalCount } }"), "data", "acmehelloCards", "totalCount")).hasToString("0");
        assertThat(run(acme, "mutation { createMemberCard(input: {cardNo: \"W1\"}) { _id } }").toString())
                .as("the tenant's own types keep theirs").doesNotContain("errors");
    }

    @Test
    void readersGetNoMutationsAndModelChangesNeedTheBuilderCapability() {
        var reader = scope(db(acme).tenant().value(), RequestScope.Capability.READ);
        var result = run(reader, "mutation { createMemberCard(input: {cardNo: \"R1\"}) { _id } }");
        assertThat(at(result, "errors", "0", "extensions", "code")).isEqualTo("GRAPHQL_INVALID");
        var writer = scope(db(acme).tenant().value(), RequestScope.Capability.WRITE_DATA);
        var model = run(writer, "mutation { _createObject(definition: {apiName: \"x1\"}) { apiName } }");
        assertThat(at(model, "errors", "0", "extensions", "code")).isEqualTo("GRAPHQL_INVALID");
        assertThat(run(reader, "{ _objects { apiName } }").toString()).contains("memberCard", "customer");
    }

    @Test
    void everyRootFieldWithAnotherTenantsIdsOrFiltersReturnsNothingOfIt() {
        String secret = records.create(db(globex), "customer", JSON.readTree("{\"name\": \"GlobexSecret\"}"), "t", Quotas.DEFAULT)
                .path("_id").asString();
        String card = (String) at(run(globex, "mutation { createMemberCard(input: {cardNo: \"G1\", owner: \"" + secret + "\"}) { _id } }"),
                "data", "createMemberCard", "_id");
        var schema = SchemaGenerator.generate(metadata.list(db(acme)), RequestScope.Capability.CHANGE_MODEL, acme.roles());
        for (var field : schema.getQueryType().getFieldDefinitions()) {
            String name = field.getName();
            if (name.startsWith("_") || name.startsWith("search")) {
                continue;
            }
            boolean byId = field.getArgument("id") != null;
            String query = byId ? "{ " + name + "(id: \"" + secret + "\") { _id } }"
                    : "{ " + name + "(filter: {_id: {in: [\"" + secret + "\", \"" + card + "\"]}}) { totalCount nodes { _id } } }";
            var result = run(acme, query);
            assertThat(result.toString()).as(query).doesNotContain(secret).doesNotContain(card).doesNotContain("GlobexSecret");
        }
        for (String mutation : List.of("updateCustomer(id: \"" + secret + "\", version: 1, patch: {name: \"x\"})",
                "deleteCustomer(id: \"" + secret + "\")", "restoreCustomer(id: \"" + secret + "\")",
                "updateMemberCard(id: \"" + card + "\", version: 1, patch: {points: 1})", "deleteMemberCard(id: \"" + card + "\")")) {
            var result = run(acme, "mutation { " + mutation + " { _id } }");
            assertThat(at(result, "errors", "0", "extensions", "code")).as(mutation).isEqualTo("RECORD_NOT_FOUND");
        }
        assertThat(records.get(db(globex), "customer", secret, false).path("name").asString()).isEqualTo("GlobexSecret");
    }

    @Test
    void nodeReadsAnyRecordByItsGlobalIdWhichIsUniqueAcrossTypes() {
        String owner = customer(acme, "Node Owner");
        records.create(db(acme), "memberCard", owner, JSON.readTree("{\"cardNo\": \"N1\", \"owner\": \"" + owner + "\"}"),
                "t", Quotas.DEFAULT);
        String cardId = (String) at(run(acme, "{ memberCard(id: \"" + owner + "\") { id } }"), "data", "memberCard", "id");
        String customerId = (String) at(run(acme, "{ customer(id: \"" + owner + "\") { id } }"), "data", "customer", "id");
        assertThat(cardId).as("same _id in two objects, two global ids").isNotEqualTo(customerId).isNotEqualTo(owner);

        var found = run(acme, "{ node(id: \"" + cardId + "\") { __typename id ... on MemberCard { _id cardNo owner { id name } } } }");
        assertThat(found.get("errors")).as(found.toString()).isNull();
        assertThat(at(found, "data", "node", "__typename")).isEqualTo("MemberCard");
        assertThat(at(found, "data", "node", "id")).isEqualTo(cardId);
        assertThat(at(found, "data", "node", "owner", "id")).isEqualTo(customerId);
        assertThat(at(run(acme, "{ node(id: \"" + customerId + "\") { ... on Customer { name } } }"), "data", "node", "name"))
                .isEqualTo("Node Owner");
        var paged = run(acme, "{ memberCards { edges { node { id } } } }");
        assertThat(at(paged, "data", "memberCards", "edges", "0", "node", "id")).isEqualTo(cardId);
    }

    @Test
    void nodeIsNullForDeletedForeignAndUnknownIdsAndAnErrorForTextThatIsNoGlobalId() {
        String secret = customer(globex, "GlobexNode");
        String foreign = (String) at(run(globex, "{ customer(id: \"" + secret + "\") { id } }"), "data", "customer", "id");
        var other = run(acme, "{ node(id: \"" + foreign + "\") { id } }");
        assertThat(other.get("errors")).as(other.toString()).isNull();
        assertThat(at(other, "data", "node")).isNull();
        assertThat(at(run(acme, "{ node(id: \"" + new GlobalId("nope", "x").encode() + "\") { id } }"), "data", "node")).isNull();

        String mine = customer(acme, "Gone");
        String id = (String) at(run(acme, "mutation { deleteCustomer(id: \"" + mine + "\") { id } }"), "data", "deleteCustomer", "id");
        assertThat(at(run(acme, "{ node(id: \"" + id + "\") { id } }"), "data", "node")).isNull();

        var raw = run(acme, "{ node(id: \"" + mine + "\") { id } }");
        assertThat(at(raw, "data", "node")).isNull();
        assertThat(at(raw, "errors", "0", "extensions", "code")).isEqualTo("NODE_ID_INVALID");
    }

    @Test
    void nodeGivesAViewerOnlyTheFieldsTheTypedRootFieldGives() {
        var definition = (tools.jackson.databind.node.ObjectNode) JSON.readTree(CARD);
        ((tools.jackson.databind.node.ArrayNode) definition.get("fields")).add(JSON.readTree(
                "{\"apiName\": \"costPrice\", \"type\": \"decimal\", \"label\": {\"en\": \"Cost\"}, \"readRoles\": [\"tenant-admin\"]}"));
        metadata.change(db(acme), "memberCard", definition, "builder", Quotas.DEFAULT);
        String id = (String) at(run(acme, "mutation { createMemberCard(input: {cardNo: \"V9\", costPrice: 3.5}) { id } }"),
                "data", "createMemberCard", "id");
        var viewer = new RequestScope(new CallContext(db(acme).tenant(), "v", Set.of(Role.VIEWER), Quotas.DEFAULT, null, null),
                RequestScope.Capability.READ, guarded());
        var read = run(viewer, "{ node(id: \"" + id + "\") { ... on MemberCard { cardNo } } }");
        assertThat(at(read, "data", "node", "cardNo")).as(read.toString()).isEqualTo("V9");
        var hidden = run(viewer, "{ node(id: \"" + id + "\") { ... on MemberCard { costPrice } } }");
        assertThat(at(hidden, "errors", "0", "extensions", "code")).isEqualTo("GRAPHQL_INVALID");
    }

    @Test
    void pageInfoSaysWhetherThereAreRecordsBeforeAndAfterThePage() {
        for (int i = 0; i < 3; i++) {
            run(acme, "mutation { createMemberCard(input: {cardNo: \"P" + i + "\", points: " + i + "}) { _id } }");
        }
        String query = "{ memberCards(first: 2, orderBy: [{field: points}]%s) { edges { cursor } "
                + "pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }";
        var first = run(acme, query.formatted(""));
        assertThat(at(first, "data", "memberCards", "pageInfo")).as(first.toString()).isEqualTo(Map.of("hasNextPage", true,
                "hasPreviousPage", false, "startCursor", at(first, "data", "memberCards", "edges", "0", "cursor"),
                "endCursor", at(first, "data", "memberCards", "edges", "1", "cursor")));
        var second = run(acme, query.formatted(", after: \"" + at(first, "data", "memberCards", "pageInfo", "endCursor") + "\""));
        assertThat(at(second, "data", "memberCards", "pageInfo", "hasNextPage")).isEqualTo(false);
        assertThat(at(second, "data", "memberCards", "pageInfo", "hasPreviousPage")).isEqualTo(true);
        assertThat(at(second, "data", "memberCards", "pageInfo", "startCursor"))
                .isEqualTo(at(second, "data", "memberCards", "edges", "0", "cursor"));
    }

    @Test
    void anObjectNamedNodeAndAFieldNamedIdGiveWayToRelaysNames() {
        metadata.create(db(acme), JSON.readTree("""
                {"apiName": "node", "label": {"en": "Network node"}, "fields": [
                  {"apiName": "id", "type": "text", "label": {"en": "Asset id"}}]}"""), "builder", Quotas.DEFAULT);
        var created = run(acme, "mutation { createNode_Record(input: {id: \"A-7\"}) { _id id id_field } }");
        assertThat(created.get("errors")).as(created.toString()).isNull();
        assertThat(at(created, "data", "createNode_Record", "id_field")).isEqualTo("A-7");
        String id = (String) at(created, "data", "createNode_Record", "id");
        String raw = (String) at(created, "data", "createNode_Record", "_id");
        assertThat(at(run(acme, "{ node_record(id: \"" + raw + "\") { id_field } }"), "data", "node_record", "id_field")).isEqualTo("A-7");
        var viaNode = run(acme, "{ node(id: \"" + id + "\") { __typename ... on Node_Record { id_field } } }");
        assertThat(at(viaNode, "data", "node", "__typename")).as(viaNode.toString()).isEqualTo("Node_Record");
        assertThat(at(run(acme, "{ nodes(filter: {id: {eq: \"A-7\"}}) { totalCount } }"), "data", "nodes", "totalCount")).isEqualTo(1L);
    }
}
