package io.quanyu.server.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The customer 360 over HTTP with real tokens: an integrator sends events and orders, the profile and timeline come
 * back through REST and GraphQL, a merge happens and is undone through GraphQL, viewers only read, and another
 * tenant cannot see the customer.
 */
class CustomersIT extends RealServersIT {
    static String integrator;
    static String viewer;
    static String globex;

    @BeforeAll
    static void tokens() {
        integrator = Tokens.clientCredentials("acme-integrator", "acme-integrator-dev-secret");
        viewer = Tokens.demo("acme-viewer");
        globex = Tokens.demo("globex-admin");
    }

    static String unique() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    JsonNode track(String token, String events) {
        var reply = api().post("/api/v1/events", token, "{\"events\": " + events + "}");
        assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
        return reply.json();
    }

    JsonNode graphql(String token, String query, Map<String, Object> variables) {
        var reply = api().post("/graphql", token, Api.JSON.writeValueAsString(Map.of("query", query, "variables", variables)));
        assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
        return reply.json();
    }

    @Test
    void eventsAndOrdersBuildAProfileThatGraphqlShowsWithItsTimeline() {
        String u = unique();
        String events = """
                [{"eventId": "%1$s-1", "type": "page_view", "channel": "wechat", "time": "2026-11-01T08:00:00Z",
                  "identities": {"wechat_openid": {"scope": "wx1", "value": "o-%1$s"}}},
                 {"eventId": "%1$s-2", "type": "signup", "channel": "wechat", "time": "2026-11-01T08:05:00Z",
                  "identities": {"wechat_openid": {"scope": "wx1", "value": "o-%1$s"}, "phone": "+86137%2$s"}},
                 {"eventId": "%1$s-bad", "type": "page_view", "time": "not a time", "identities": {}}]
                """.formatted(u, String.format("%08d", Math.floorMod(u.hashCode(), 100_000_000)));
        JsonNode first = track(integrator, events);
        assertThat(first.path("stored").asInt()).isEqualTo(2);
        assertThat(first.path("rejected").asInt()).isEqualTo(1);
        assertThat(track(integrator, events).path("duplicates").asInt()).isEqualTo(2);
        String customer = first.path("results").get(0).path("customerId").asString();

        var orders = api().post("/api/v1/orders", integrator, """
                {"orders": [{"orderNo": "IT-%s", "identities": {"wechat_openid": {"scope": "wx1", "value": "o-%s"}},
                  "status": "paid", "total": {"amount": 88.80, "currency": "CNY"}, "orderedAt": "2026-11-02T10:00:00Z"}]}
                """.formatted(u, u));
        assertThat(orders.json().path("results").get(0).path("status").asString()).as(orders.raw()).isEqualTo("stored");

        JsonNode profile = api().get("/api/v1/customers/" + customer + "/360", viewer).json();
        assertThat(profile.path("aggregates").path("orders").path("count").asLong()).isEqualTo(1);
        assertThat(profile.path("stage").asString()).isEqualTo("customer");

        JsonNode data = graphql(viewer, """
                query($id: ID!) { customer360(id: $id) { id stage identities { type value } scores { rfm { frequency } }
                  timeline(first: 2) { edges { node { eventId type } } pageInfo { hasNextPage endCursor } } } }""",
                Map.of("id", customer)).path("data").path("customer360");
        assertThat(data.path("stage").asString()).isEqualTo("customer");
        assertThat(data.path("identities").size()).isEqualTo(2);
        assertThat(data.path("timeline").path("edges").get(0).path("node").path("type").asString()).isEqualTo("order");
        assertThat(data.path("timeline").path("pageInfo").path("hasNextPage").asBoolean()).isTrue();

        assertThat(api().post("/api/v1/events", viewer, "{\"events\": []}").status()).isEqualTo(403);
        assertThat(api().get("/api/v1/customers/" + customer + "/360", globex).code()).isEqualTo("CUSTOMER_NOT_FOUND");
        assertThat(graphql(globex, "query($id: ID!) { customer360(id: $id) { id } }", Map.of("id", customer)).toString())
                .contains("CUSTOMER_NOT_FOUND");
    }

    @Test
    void aMergeAndItsUndoThroughGraphql() {
        String u = unique();
        String a = track(integrator, "[{\"eventId\": \"" + u + "-a\", \"type\": \"page_view\", \"time\": \"2026-11-01T08:00:00Z\","
                + " \"identities\": {\"device_id\": \"a-" + u + "\"}}]").path("results").get(0).path("customerId").asString();
        String b = track(integrator, "[{\"eventId\": \"" + u + "-b\", \"type\": \"page_view\", \"time\": \"2026-11-01T09:00:00Z\","
                + " \"identities\": {\"device_id\": \"b-" + u + "\"}}]").path("results").get(0).path("customerId").asString();
        JsonNode merged = graphql(integrator, "mutation($s: ID!, $m: ID!) { mergeCustomers(survivor: $s, merged: $m) { id status } }",
                Map.of("s", a, "m", b)).path("data").path("mergeCustomers");
        assertThat(merged.path("status").asString()).isEqualTo("done");
        assertThat(api().get("/api/v1/customers/" + a + "/360", viewer).json().path("identities").size()).isEqualTo(2);
        assertThat(api().get("/api/v1/customers/" + b + "/360", viewer).code()).isEqualTo("CUSTOMER_MERGED");
        JsonNode undone = graphql(integrator, "mutation($id: ID!) { unmergeCustomers(mergeId: $id) { status } }",
                Map.of("id", merged.path("id").asString())).path("data").path("unmergeCustomers");
        assertThat(undone.path("status").asString()).isEqualTo("undone");
        assertThat(api().get("/api/v1/customers/" + b + "/360", viewer).json().path("identities").size()).isEqualTo(1);
        assertThat(graphql(viewer, "mutation { mergeCustomers(survivor: \"x\", merged: \"y\") { id } }", Map.of())
                .path("errors")).isNotEmpty();
    }
}
