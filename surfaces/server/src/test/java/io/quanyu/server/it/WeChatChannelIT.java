package io.quanyu.server.it;

import io.quanyu.fakes.wechat.Person;
import io.quanyu.fakes.wechat.WeChatFake;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The WeChat channel on the real host against the WeChat fake: the first-party release published on start, a
 * follower who scans a parametric code becomes a customer with the scoped openid and the scene on the timeline
 * (the callback signed and encrypted in safe mode, acknowledged, processed on a task), a customer-service message the
 * window refuses falls back to SMS with {@code WECHAT_WINDOW_CLOSED} (the platform's own check, and WeChat's stricter
 * answer after a follow), an expired token is refreshed once for a template message, and a synced tag goes to
 * WeChat when the builder gives it and comes off the profile when WeChat's console takes it.
 */
class WeChatChannelIT extends RealServersIT {
    /** Where the plugins/ build leaves the WeChat channel's release. */
    static final Path RELEASES = Path.of("../../plugins/channel-wechat/target").toAbsolutePath().normalize();
    private static final String ID = "channel-wechat";
    private static final String TEMPLATE_ID = "it8uVCCfT9v7V5mTnKOQGzTNpn8Ba2n7XMaSr0cB1uo";
    private static WeChatFake fake;

    @BeforeAll
    static void startFake() {
        fake = WeChatFake.builder().callbackDeadline(Duration.ofSeconds(5)).start();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @Test
    void aScanMakesACustomerAClosedWindowFallsBackToSmsAndAnExpiredTokenIsRefreshedOnce() {
        String admin = Tokens.demo("acme-admin");
        String appId = WeChatChannels.connect(api(), fake, port, "acme", admin, "it", List.of(TEMPLATE_ID),
                Map.of("syncedTags", List.of("vip")));
        api().post("/api/v1/plugins", admin, "{\"pluginId\": \"sdk-contract\"}");
        api().post("/api/v1/plugins/sdk-contract/enable", admin, "{\"settings\": {\"token\": \"t-wechat\"}}");

        var qr = api().post("/api/v1/plugins/" + ID + "/operations/qrCode", admin,
                "{\"input\": {\"appId\": \"" + appId + "\", \"scene\": \"store-42\"}}");
        assertThat(qr.status()).as(qr.raw()).isEqualTo(200);
        String ticket = qr.json().path("ticket").asString();
        Person person = fake.addPerson("韩梅梅");
        fake.actAs(appId, person).scan(ticket);
        String openId = fake.account(appId).openId(person);
        String customer = WeChatChannels.customerOf(api(), admin, appId, openId);
        JsonNode subscribe = api().get("/api/v1/customers/" + customer + "/timeline?types=wechat.subscribe", admin)
                .json().path("events").get(0);
        assertThat(subscribe.path("channel").asString()).isEqualTo("wechat");
        assertThat(subscribe.toString()).contains("store-42");

        String phone = "136" + (10_000_000 + (int) (Math.random() * 89_999_999));
        api().post("/api/v1/events", admin, "{\"events\": [{\"eventId\": \"wx-phone-" + phone + "\", \"type\": \"member_bound\","
                + " \"time\": \"" + java.time.Instant.now() + "\", \"identities\": [{\"type\": \"wechat_openid\", \"scope\": \""
                + appId + "\", \"value\": \"" + openId + "\"}, {\"type\": \"phone\", \"value\": \"" + phone + "\"}]}]}");
        var template = api().send("PUT", "/api/v1/messaging/templates/wx-hello", admin, """
                {"channels": {"wechat-cs": {"zh-CN": {"text": "{{vars.greeting}}，欢迎光临"}},
                              "wechat-template": {"zh-CN": {"template": "%s", "data": {"first": {"value": "{{vars.greeting}}"}}}},
                              "contract-sms": {"zh-CN": {"template": "SMS_1", "params": {"greeting": "{{vars.greeting}}"}}}}}"""
                .formatted(TEMPLATE_ID));
        assertThat(template.status()).as(template.raw()).isEqualTo(200);

        var open = send(admin, customer, "[\"wechat-cs\", \"contract-sms\"]", "cs-1");
        assertThat(open.path("channel").asString()).as(open.toString()).isEqualTo("wechat-cs");
        assertThat(fake.account(appId).messages(openId).toString()).contains("欢迎光临");

        fake.time().advance(Duration.ofMinutes(2));
        var refused = send(admin, customer, "[\"wechat-cs\", \"contract-sms\"]", "cs-2");
        assertThat(refused.path("channel").asString()).as(refused.toString()).isEqualTo("contract-sms");
        assertThat(refused.path("reason").asString()).isEqualTo("WECHAT_WINDOW_CLOSED");

        String stranger = strangerWithAnOldOpenid(admin, appId);
        var precheck = send(admin, stranger, "[\"wechat-cs\", \"contract-sms\"]", "cs-3");
        assertThat(precheck.path("channel").asString()).as(precheck.toString()).isEqualTo("contract-sms");
        assertThat(precheck.path("reason").asString()).isEqualTo("WECHAT_WINDOW_CLOSED");

        fake.expireAllTokens();
        int before = fake.account(appId).messages(openId).size();
        var templated = send(admin, customer, "[\"wechat-template\"]", "tpl-1");
        assertThat(templated.path("status").asString()).as(templated.toString()).isEqualTo("sent");
        assertThat(fake.account(appId).messages(openId)).hasSize(before + 1);

        assertThat(api().post("/api/v1/customers/" + customer + "/tags", admin, "{\"tag\": \"vip\"}").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> weChatTags(appId, person).contains("vip"));
        var first = api().post("/api/v1/plugins/" + ID + "/operations/pullTags", admin, "{\"input\": {}}");
        assertThat(first.raw()).as("the platform's own push is no WeChat change").contains("0 tagged, 0 untagged");
        fake.account(appId).consoleTag(person, "vip", false);
        var pulled = api().post("/api/v1/plugins/" + ID + "/operations/pullTags", admin, "{\"input\": {}}");
        assertThat(pulled.raw()).as("the console's change reaches the profile").contains("0 tagged, 1 untagged");
        assertThat(api().get("/api/v1/customers/" + customer + "/360", admin).json().path("tags").toString())
                .doesNotContain("\"vip\"");
    }

    private static List<String> weChatTags(String appId, Person person) {
        Map<Long, String> names = fake.account(appId).tagNames();
        return fake.account(appId).follower(person).tagIds().stream().map(names::get).toList();
    }

    private JsonNode send(String admin, String customer, String channels, String key) {
        var sent = api().post("/api/v1/messaging/sends", admin, "{\"customerId\": \"" + customer + "\", \"channels\": "
                + channels + ", \"template\": \"wx-hello\", \"variables\": {\"greeting\": \"您好\"}, \"purpose\": \"transactional\","
                + " \"key\": \"" + key + ":" + customer + "\"}");
        assertThat(sent.status()).as(sent.raw()).isIn(200, 201);
        return sent.json();
    }

    /** A customer with an openid of the account and a phone, whose only WeChat interaction is three days old. */
    private String strangerWithAnOldOpenid(String admin, String appId) {
        String openId = "oIT" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        String phone = "135" + (10_000_000 + (int) (Math.random() * 89_999_999));
        var tracked = api().post("/api/v1/events", admin, "{\"events\": [{\"eventId\": \"wx-old-" + openId + "\", \"type\": "
                + "\"wechat.message\", \"channel\": \"wechat\", \"time\": \"" + java.time.Instant.now().minus(Duration.ofDays(3))
                + "\", \"identities\": [{\"type\": \"wechat_openid\", \"scope\": \"" + appId + "\", \"value\": \"" + openId
                + "\"}, {\"type\": \"phone\", \"value\": \"" + phone + "\"}]}]}");
        return tracked.json().path("results").get(0).path("customerId").asString();
    }
}
