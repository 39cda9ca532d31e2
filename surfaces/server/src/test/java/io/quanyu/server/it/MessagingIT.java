package io.quanyu.server.it;

import io.quanyu.plugin.host.PluginOperations;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The delivery service on the real host: the SDK contract plugin's two channels (one behind a service window)
 * connected for acme, a template with personal fields previewed and sent over REST, the window's fallback with its
 * reason, the provider's receipt reported back onto the timeline, a plugin sending through the service, consent,
 * and refusals with their codes (including another tenant's delivery).
 */
class MessagingIT extends RealServersIT {
    private static final String ID = "sdk-contract";

    private String phone() {
        return "139" + String.format("%08d", ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999));
    }

    private String customer(String admin, String phone, String name) {
        var tracked = api().post("/api/v1/events", admin, "{\"events\": [{\"eventId\": \"msg-" + phone
                + "\", \"type\": \"page_view\", \"time\": \"2026-06-01T10:00:00Z\", \"identities\": {\"phone\": \"" + phone + "\"}}]}");
        String id = tracked.json().path("results").get(0).path("customerId").asString();
        assertThat(id).as(tracked.raw()).isNotBlank();
        long version = api().get("/api/v1/records/customer/" + id, admin).json().path("_version").asLong();
        var named = api().send("PATCH", "/api/v1/records/customer/" + id, admin,
                "{\"name\": \"" + name + "\", \"_version\": " + version + "}");
        assertThat(named.status()).as(named.raw()).isEqualTo(200);
        return id;
    }

    @Test
    void aTemplateIsPreviewedSentFallsBackPastAClosedWindowAndItsReceiptReachesTheTimeline() {
        String admin = Tokens.demo("acme-admin");
        api().post("/api/v1/plugins", admin, "{\"pluginId\": \"" + ID + "\"}");
        var enabled = api().post("/api/v1/plugins/" + ID + "/enable", admin, "{\"settings\": {\"token\": \"t-msg\"}}");
        assertThat(enabled.status()).as(enabled.raw()).isEqualTo(200);

        JsonNode channels = api().get("/api/v1/messaging/channels", admin).json().path("channels");
        assertThat(channels.toString()).contains("\"name\":\"contract-sms\"").contains("CONTRACT_WINDOW_CLOSED");

        var template = api().send("PUT", "/api/v1/messaging/templates/it-welcome", admin, """
                {"description": "welcome",
                 "channels": {"contract-sms": {"zh-CN": {"template": "SMS_100", "params": {"name": "{{customer.name}}", "code": "{{vars.code}}"}}},
                              "contract-chat": {"zh-CN": {"text": "{{customer.name}}，欢迎！"}}}}""");
        assertThat(template.status()).as(template.raw()).isEqualTo(200);
        String customer = customer(admin, phone(), "韩梅梅");

        var preview = api().post("/api/v1/messaging/templates/it-welcome/preview", admin,
                "{\"customerId\": \"" + customer + "\", \"variables\": {\"code\": \"8848\"}}");
        assertThat(preview.json().path("channels").path("contract-sms").path("params").path("name").asString())
                .as(preview.raw()).isEqualTo("韩梅梅");
        assertThat(preview.json().path("channels").path("contract-chat").path("text").asString()).isEqualTo("韩梅梅，欢迎！");

        String send = "{\"customerId\": \"" + customer + "\", \"channels\": [\"contract-chat\", \"contract-sms\"],"
                + " \"template\": \"it-welcome\", \"variables\": {\"code\": \"8848\"}, \"key\": \"it-welcome:" + customer + "\"}";
        var sent = api().post("/api/v1/messaging/sends", admin, send);
        assertThat(sent.status()).as(sent.raw()).isEqualTo(201);
        assertThat(sent.json().path("status").asString()).isEqualTo("sent");
        assertThat(sent.json().path("channel").asString()).isEqualTo("contract-sms");
        assertThat(sent.json().path("reason").asString()).isEqualTo("CONTRACT_WINDOW_CLOSED");
        String sendId = sent.json().path("sendId").asString();
        var again = api().post("/api/v1/messaging/sends", admin, send);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("duplicate").asBoolean()).isTrue();

        var receipt = api().post("/hooks/acme/" + ID + "/receipt/" + sendId + "/delivered", null, "", "X-Contract-Token", "t-msg");
        assertThat(receipt.status()).as(receipt.raw()).isEqualTo(200);
        JsonNode delivery = api().get("/api/v1/messaging/deliveries/" + sendId, admin).json();
        assertThat(delivery.path("status").asString()).isEqualTo("delivered");
        assertThat(delivery.path("passed").get(0).path("channel").asString()).isEqualTo("contract-chat");
        assertThat(delivery.path("to").path("value").asString()).startsWith("+86139");
        String timeline = api().get("/api/v1/customers/" + customer + "/timeline?types=message.sent,message.delivered", admin).raw();
        assertThat(timeline).contains("message.sent").contains("message.delivered").contains(sendId);
        assertThat(api().get("/api/v1/messaging/deliveries?status=delivered&channel=contract-sms&customerId=" + customer, admin)
                .json().path("deliveries").get(0).path("sendId").asString()).isEqualTo(sendId);

        var viaGraphql = api().post("/graphql", admin, Api.JSON.writeValueAsString(Map.of("query",
                "mutation($in: JSON!) { sendMessage(input: $in) { sendId status channel reason duplicate } }",
                "variables", Map.of("in", Api.JSON.readTree(send)))));
        assertThat(viaGraphql.json().path("data").path("sendMessage").path("sendId").asString()).as(viaGraphql.raw()).isEqualTo(sendId);
        assertThat(viaGraphql.json().path("data").path("sendMessage").path("duplicate").asBoolean()).isTrue();
        var logged = api().post("/graphql", admin, Api.JSON.writeValueAsString(Map.of("query",
                "{ messageDeliveries(customerId: \"" + customer + "\", first: 5) { deliveries nextCursor }"
                        + " messageTemplates { name version } messagingChannels { name plugin } }")));
        assertThat(logged.json().path("data").path("messageDeliveries").path("deliveries").get(0).path("sendId").asString())
                .as(logged.raw()).isEqualTo(sendId);
        assertThat(logged.raw()).contains("\"name\":\"it-welcome\"").contains("\"name\":\"contract-chat\"");

        String notify = PluginOperations.fieldName(ID, "notify");
        var byPlugin = api().post("/graphql", admin, Api.JSON.writeValueAsString(Map.of("query", "mutation { " + notify
                + "(input: {customerId: \"" + customer + "\", channels: [\"contract-sms\"], template: \"it-welcome\", key: \"n-1\","
                + " purpose: \"transactional\"}) }")));
        assertThat(byPlugin.json().path("data").path(notify).path("status").asString()).as(byPlugin.raw()).isEqualTo("sent");

        var withdrawn = api().send("PUT", "/api/v1/customers/" + customer + "/consent/contract-sms", admin,
                "{\"granted\": false, \"source\": \"asked by phone\"}");
        assertThat(withdrawn.status()).as(withdrawn.raw()).isEqualTo(200);
        var skipped = api().post("/api/v1/messaging/sends", admin, send.replace("it-welcome:", "it-welcome-2:"));
        assertThat(skipped.json().path("status").asString()).as(skipped.raw()).isEqualTo("skipped");
        assertThat(skipped.json().path("reason").asString()).isEqualTo("NO_CONSENT");
    }

    /**
     * A template sent to a segment: each member gets one send through the delivery service (a member whose consent is
     * withdrawn is skipped with its reason), the tally is complete, a repeat of the key starts nothing, and a bad
     * request is refused whole.
     */
    @Test
    void aTemplateSentToASegmentReachesEachMemberOnce() {
        String admin = Tokens.demo("acme-admin");
        api().post("/api/v1/plugins", admin, "{\"pluginId\": \"" + ID + "\"}");
        api().post("/api/v1/plugins/" + ID + "/enable", admin, "{\"settings\": {\"token\": \"t-msg\"}}");
        api().send("PUT", "/api/v1/messaging/templates/it-news", admin, """
                {"channels": {"contract-sms": {"zh-CN": {"template": "SMS_200", "params": {"name": "{{customer.name}}"}}}}}""");
        String run = Long.toString(System.nanoTime(), 36);
        String tag = "news_" + run;
        var segment = api().send("PUT", "/api/v1/segments/news_" + run, admin, """
                {"names": {"en": "News"}, "rule": {"field": "tags", "op": "contains", "value": "%s"}}""".formatted(tag));
        assertThat(segment.status()).as(segment.raw()).isEqualTo(200);
        List<String> members = new java.util.ArrayList<>();
        for (String name : List.of("李雷", "韩梅梅", "王芳")) {
            String customer = customer(admin, phone(), name);
            api().post("/api/v1/customers/" + customer + "/tags", admin, "{\"tag\": \"" + tag + "\"}");
            members.add(customer);
        }
        api().send("PUT", "/api/v1/customers/" + members.get(2) + "/consent/contract-sms", admin, "{\"granted\": false}");
        await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                api().get("/api/v1/segments/news_" + run, admin).json().path("count").asLong() == 3);

        String body = "{\"segment\": \"news_" + run + "\", \"channels\": [\"contract-sms\"], \"template\": \"it-news\","
                + " \"purpose\": \"marketing\", \"key\": \"news:" + run + "\"}";
        var started = api().post("/api/v1/messaging/broadcasts", admin, body);
        assertThat(started.status()).as(started.raw()).isEqualTo(201);
        String id = started.json().path("id").asString();
        JsonNode done = await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                api().get("/api/v1/messaging/broadcasts/" + id, admin).json(), b -> "done".equals(b.path("status").asString()));
        assertThat(done.path("members").asLong()).as(done.toString()).isEqualTo(3);
        assertThat(done.path("outcomes").path("sent").asLong()).isEqualTo(2);
        assertThat(done.path("outcomes").path("skipped").asLong()).isEqualTo(1);
        for (String customer : members) {
            JsonNode logged = api().get("/api/v1/messaging/deliveries?template=it-news&customerId=" + customer, admin).json();
            assertThat(logged.path("deliveries")).as(logged.toString()).hasSize(1);
        }
        var again = api().post("/api/v1/messaging/broadcasts", admin, body);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("id").asString()).isEqualTo(id);
        assertThat(again.json().path("duplicate").asBoolean()).isTrue();

        var bad = api().post("/api/v1/messaging/broadcasts", admin, "{\"segment\": \"\", \"customerId\": \"x\", \"template\": \"\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.raw()).contains("/segment").contains("/customerId").contains("/template");
        var unknown = api().post("/api/v1/messaging/broadcasts", admin, body.replace("news_" + run, "nobody_" + run)
                .replace("news:" + run, "other:" + run));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.raw()).contains("SEGMENT_NOT_FOUND");
    }

    @Test
    void badTemplatesSendsAndOtherTenantsDeliveriesAreRefusedWithTheirCodes() {
        String admin = Tokens.demo("acme-admin");
        var bad = api().send("PUT", "/api/v1/messaging/templates/bad", admin,
                "{\"channels\": {\"contract-sms\": {\"zh-CN\": {\"text\": \"{{> secrets}}\"}}}}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.code()).isEqualTo("REQUEST_VALIDATION_FAILED");
        assertThat(bad.raw()).contains("/channels/contract-sms/zh-CN/text");
        assertThat(api().get("/api/v1/messaging/templates/bad", admin).code()).isEqualTo("MESSAGE_TEMPLATE_NOT_FOUND");

        var noKey = api().post("/api/v1/messaging/sends", admin, "{\"customerId\": \"x\", \"channels\": [\"sms\"], \"template\": \"t\"}");
        assertThat(noKey.status()).isEqualTo(400);
        assertThat(noKey.raw()).contains("/key");
        var viewer = api().post("/api/v1/messaging/sends", Tokens.demo("acme-viewer"),
                "{\"customerId\": \"x\", \"channels\": [\"sms\"], \"template\": \"t\", \"key\": \"v\"}");
        assertThat(viewer.status()).isEqualTo(403);

        String customer = customer(admin, phone(), "Other");
        api().send("PUT", "/api/v1/messaging/templates/it-plain", admin,
                "{\"channels\": {\"contract-sms\": {\"en\": {\"text\": \"hi\"}}}}");
        String sendId = api().post("/api/v1/messaging/sends", admin, "{\"customerId\": \"" + customer
                + "\", \"channels\": [\"contract-sms\"], \"template\": \"it-plain\", \"purpose\": \"transactional\", \"key\": \"iso-1\"}")
                .json().path("sendId").asString();
        assertThat(api().get("/api/v1/messaging/deliveries/" + sendId, admin).status()).isEqualTo(200);
        var foreign = api().get("/api/v1/messaging/deliveries/" + sendId, Tokens.demo("globex-admin"));
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.code()).isEqualTo("DELIVERY_NOT_FOUND");
        var forged = api().post("/hooks/globex/" + ID + "/receipt/" + sendId + "/delivered", null, "", "X-Contract-Token", "t-msg");
        assertThat(forged.status()).as("globex's plugin cannot report acme's send").isNotEqualTo(200);
    }
}
