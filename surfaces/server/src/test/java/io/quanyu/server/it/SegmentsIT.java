package io.quanyu.server.it;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Segments on the real server over REST: a bad definition is refused whole with its pointers, a cycle with its path;
 * a customer enters on the second order and leaves when tagged, the memberships visible on the customer; the
 * explanation names the failing leaf in both languages; an estimate sizes a rule being written; a viewer reads but
 * cannot change.
 */
class SegmentsIT extends RealServersIT {

    @Test
    void aCustomerEntersOnTheSecondOrderLeavesWhenTaggedAndTheExplanationSaysWhy() {
        String admin = Tokens.demo("acme-admin");
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String key = "repeat_" + run;
        var bad = api().send("PUT", "/api/v1/segments/" + key, admin, """
                {"names": {"en": ""}, "rule": {"all": [{"field": "aggregates.orders.count", "op": "atLeast", "value": 2}]}}""");
        assertThat(bad.status()).as(bad.raw()).isEqualTo(400);
        assertThat(bad.raw()).contains("/names/en").contains("/rule/all/0/op");
        assertThat(api().get("/api/v1/segments/" + key, admin).status()).as("nothing was written").isEqualTo(404);

        var created = api().send("PUT", "/api/v1/segments/" + key, admin, """
                {"names": {"zh-CN": "复购客户", "en": "Repeat buyers"},
                 "rule": {"all": [{"field": "aggregates.orders.count", "op": "gte", "value": 2},
                                  {"not": {"field": "tags", "op": "contains", "value": "vip_%s"}}]}}""".formatted(run));
        assertThat(created.status()).as(created.raw()).isEqualTo(200);
        assertThat(created.json().path("version").asLong()).isEqualTo(1);
        var cycle = api().send("PUT", "/api/v1/segments/" + key, admin, """
                {"names": {"en": "Loop"}, "rule": {"field": "segments", "op": "contains", "value": "%s"}}""".formatted(key));
        assertThat(cycle.status()).as(cycle.raw()).isEqualTo(409);
        assertThat(cycle.raw()).contains("SEGMENT_CYCLE").contains(key + " → " + key);

        String phone = "137" + (10_000_000 + (int) (Math.random() * 89_999_999));
        String customer = order(admin, phone, run + "-1");
        await().atMost(Duration.ofSeconds(20)).until(() -> api().get("/api/v1/segments/" + key, admin).json()
                .path("backfill").path("done").asBoolean());
        assertThat(memberOf(admin, customer, key)).isFalse();
        order(admin, phone, run + "-2");
        await().atMost(Duration.ofSeconds(20)).until(() -> memberOf(admin, customer, key));
        // sizes and member pages come from the segment index, which trails the memberships by about a second
        await().atMost(Duration.ofSeconds(20)).until(() -> api().get("/api/v1/segments/" + key + "/members?limit=10", admin)
                .json().path("members").toString().contains(customer));
        await().atMost(Duration.ofSeconds(20)).until(() -> listedCount(admin, key) == 1);

        var estimate = api().post("/api/v1/segments/estimate", admin, "{\"rule\": {\"field\": \"segments\", \"op\": \"contains\", "
                + "\"value\": \"" + key + "\"}}");
        assertThat(estimate.status()).as(estimate.raw()).isEqualTo(200);
        assertThat(estimate.json().path("count").asLong()).isGreaterThanOrEqualTo(1);

        var tagged = api().post("/api/v1/customers/" + customer + "/tags", admin, "{\"tag\": \"vip_" + run + "\"}");
        assertThat(tagged.status()).as(tagged.raw()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> !memberOf(admin, customer, key));
        JsonNode explained = api().get("/api/v1/segments/" + key + "/explain/" + customer, admin).json();
        assertThat(explained.path("member").asBoolean()).isFalse();
        assertThat(explained.path("matches").asBoolean()).isFalse();
        assertThat(explained.path("summary").path("en").asString()).contains("vip_" + run);
        assertThat(explained.path("summary").path("zh-CN").asString()).contains("vip_" + run).contains("包含");
        JsonNode history = api().get("/api/v1/customers/" + customer + "/segments", admin).json().path("segments");
        assertThat(history.toString()).contains("\"version\":2");
        await().atMost(Duration.ofSeconds(20)).until(() -> listedCount(admin, key) == 0);
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
        JsonNode days = api().get("/api/v1/segments/" + key + "/history?zone=Asia/Shanghai&from=" + today.minusDays(1) + "&to="
                + today, admin).json().path("days");
        assertThat(days.size()).as(days.toString()).isEqualTo(2);
        assertThat(days.get(1).path("day").asString()).isEqualTo(today.toString());
        assertThat(days.get(0).path("entered").asLong() + days.get(1).path("entered").asLong()).as(days.toString()).isEqualTo(1);
        assertThat(days.get(0).path("exited").asLong() + days.get(1).path("exited").asLong()).as(days.toString()).isEqualTo(1);
        var badZone = api().get("/api/v1/segments/" + key + "/history?zone=Mars/Olympus&from=2026-13-01", admin);
        assertThat(badZone.status()).as(badZone.raw()).isEqualTo(400);
        assertThat(badZone.raw()).contains("/zone").contains("/from");

        JsonNode graphql = api().post("/graphql", admin, Api.JSON.writeValueAsString(java.util.Map.of("query",
                "{ segment(key: \"" + key + "\") { key version count names } customerSegments(customerId: \"" + customer
                        + "\") { segment member version } explainSegment(key: \"" + key + "\", customerId: \"" + customer
                        + "\") { matches summary } segmentHistory(key: \"" + key + "\", zone: \"Asia/Shanghai\") { day entered exited } }"))).json();
        assertThat(graphql.path("errors").isMissingNode()).as(graphql.toString()).isTrue();
        assertThat(graphql.path("data").path("segment").path("count").asLong()).isZero();
        assertThat(graphql.path("data").path("segmentHistory").size()).as("30 days").isEqualTo(30);
        long entered = 0;
        for (JsonNode day : graphql.path("data").path("segmentHistory")) {
            entered += day.path("entered").asLong();
        }
        assertThat(entered).as(graphql.toString()).isEqualTo(1);
        assertThat(graphql.path("data").path("segment").path("names").path("zh-CN").asString()).isEqualTo("复购客户");
        assertThat(graphql.path("data").path("customerSegments").toString()).contains(key);
        assertThat(graphql.path("data").path("explainSegment").path("summary").path("zh-CN").asString()).contains("包含");
        JsonNode refused = api().post("/graphql", admin, Api.JSON.writeValueAsString(java.util.Map.of("query",
                "mutation { putSegment(key: \"" + key + "\", segment: {names: {en: \"x\"}, rule: {field: \"tags\", op: \"near\"}}) { key } }")))
                .json();
        assertThat(refused.toString()).contains("REQUEST_VALIDATION_FAILED").contains("/rule");

        String viewer = Tokens.demo("acme-viewer");
        assertThat(api().get("/api/v1/segments/" + key, viewer).status()).isEqualTo(200);
        assertThat(api().delete("/api/v1/segments/" + key, viewer).status()).isEqualTo(403);
        assertThat(api().delete("/api/v1/segments/" + key, admin).status()).isEqualTo(204);

        // made again with the same key: a new segment, whose memberships start again at version 1 and whose size
        // is not the deleted one's
        var again = api().send("PUT", "/api/v1/segments/" + key, admin, """
                {"names": {"en": "Repeat buyers again"}, "rule": {"field": "aggregates.orders.count", "op": "gte", "value": 2}}""");
        assertThat(again.status()).as(again.raw()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> memberOf(admin, customer, key));
        await().atMost(Duration.ofSeconds(20)).until(() -> api().get("/api/v1/segments/" + key + "/members?limit=1000", admin)
                .json().path("members").toString().contains(customer));
        assertThat(api().delete("/api/v1/segments/" + key, admin).status()).isEqualTo(204);
    }

    private long listedCount(String token, String key) {
        for (JsonNode s : api().get("/api/v1/segments", token).json().path("segments")) {
            if (s.path("key").asString().equals(key)) {
                return s.path("count").asLong();
            }
        }
        throw new AssertionError("the segment " + key + " is not in the list");
    }

    /**
     * A list segment over HTTP: a CSV of phones uploaded (REST, then GraphQL replacing it), a bad line refused with its
     * line number, a behaviour segment built on the list, and the members exported as CSV.
     */
    @Test
    void anUploadedListIsASegmentThatRulesReadAndItsMembersExportAsCsv() {
        String admin = Tokens.demo("acme-admin");
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String list = "list_" + run;
        String buyers = "list_buyers_" + run;
        String phone = "136" + (10_000_000 + (int) (Math.random() * 89_999_999));
        String other = "135" + (10_000_000 + (int) (Math.random() * 89_999_999));
        String customer = order(admin, phone, run + "-l1");
        String second = order(admin, other, run + "-l2");
        assertThat(api().send("PUT", "/api/v1/segments/" + list, admin, "{\"names\": {\"en\": \"Invited\"}, \"list\": true}")
                .status()).isEqualTo(200);
        var on = api().send("PUT", "/api/v1/segments/" + buyers, admin, """
                {"names": {"en": "Invited buyers"}, "rule": {"all": [{"field": "segments", "op": "contains", "value": "%s"},
                 {"behavior": {"event": "order", "window": {"lastDays": 7}, "measure": "sum", "property": "amount", "op": "gte", "value": 100}}]}}"""
                .formatted(list));
        assertThat(on.status()).as(on.raw()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> api().get("/api/v1/segments/" + buyers, admin).json()
                .path("backfill").path("done").asBoolean());

        var bad = api().post("/api/v1/segments/" + list + "/list?type=phone", admin, phone + "\nnot-a-phone\n", "Content-Type", "text/csv");
        assertThat(bad.status()).as(bad.raw()).isEqualTo(400);
        assertThat(bad.raw()).contains("/lines/2");
        var uploaded = api().post("/api/v1/segments/" + list + "/list?type=phone", admin, "value\n" + phone + "\n",
                "Content-Type", "text/csv");
        assertThat(uploaded.status()).as(uploaded.raw()).isEqualTo(200);
        assertThat(uploaded.json().path("added").asLong()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> memberOf(admin, customer, list) && memberOf(admin, customer, buyers));

        JsonNode replaced = api().post("/graphql", admin, Api.JSON.writeValueAsString(java.util.Map.of("query",
                "mutation($csv: String!) { uploadSegmentList(key: \"" + list + "\", csv: $csv) { identities added removed owned } }",
                "variables", java.util.Map.of("csv", "type,value\nphone," + other + "\n")))).json();
        assertThat(replaced.path("errors").isMissingNode()).as(replaced.toString()).isTrue();
        assertThat(replaced.path("data").path("uploadSegmentList").path("removed").asLong()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> !memberOf(admin, customer, buyers) && memberOf(admin, second, buyers));

        var csv = api().get("/api/v1/segments/" + list + "/members.csv", admin);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.headers().get("content-type").toString()).contains("text/csv");
        assertThat(csv.raw()).startsWith("customerId,enteredAt,phone,email").contains(second).doesNotContain(customer);
        var ruleUpload = api().post("/api/v1/segments/" + buyers + "/list?type=phone", admin, phone, "Content-Type", "text/csv");
        assertThat(ruleUpload.status()).isEqualTo(409);
        assertThat(ruleUpload.raw()).contains("SEGMENT_NOT_A_LIST");
        assertThat(api().delete("/api/v1/segments/" + buyers, admin).status()).isEqualTo(204);
        assertThat(api().delete("/api/v1/segments/" + list, admin).status()).isEqualTo(204);
    }

    private boolean memberOf(String admin, String customer, String key) {
        for (JsonNode m : api().get("/api/v1/customers/" + customer + "/segments", admin).json().path("segments")) {
            if (m.path("segment").asString().equals(key) && m.path("member").asBoolean()) {
                return true;
            }
        }
        return false;
    }

    private String order(String admin, String phone, String id) {
        var tracked = api().post("/api/v1/events", admin, "{\"events\": [{\"eventId\": \"seg-" + id + "\", \"type\": \"order\", "
                + "\"time\": \"" + Instant.now() + "\", \"identities\": {\"phone\": \"" + phone + "\"}, "
                + "\"properties\": {\"amount\": 120}}]}");
        assertThat(tracked.status()).as(tracked.raw()).isIn(200, 201, 207);
        return tracked.json().path("results").get(0).path("customerId").asString();
    }
}
