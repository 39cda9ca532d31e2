package io.quanyu.fakes.wechat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin and play API under /fake/ (README), the play page, and the command-line account flag. */
class AdminApiTest {

    private final TestCallback callback = new TestCallback();
    private final WeChatFake fake = WeChatFake.start();
    private final TestHttp http = new TestHttp(fake.baseUrl());

    @AfterEach
    void close() {
        fake.close();
        callback.close();
    }

    @Test
    void configureAccountCreateAPersonActAndReadBack() {
        HttpResponse<byte[]> created = http.raw("POST", "/fake/accounts", "{\"appId\":\"wx1\",\"appSecret\":\"s1\","
                + "\"token\":\"t1\",\"mode\":\"compatible\",\"callbackUrl\":\"" + callback.url() + "\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode accounts = http.get("/fake/accounts");
        assertThat(accounts.get(0).path("mode").asString()).isEqualTo("compatible");
        assertThat(accounts.get(0).path("encodingAesKey").asString()).hasSize(43);

        JsonNode person = http.post("/fake/people", "{\"nickname\":\"韩梅梅\",\"sex\":2}");
        String openId = person.path("openIds").path("wx1").asString();
        assertThat(openId).hasSize(28).startsWith("o");

        JsonNode follow = http.post("/fake/accounts/wx1/followers/" + openId + "/follow", "");
        assertThat(follow.path("outcome").asString()).isEqualTo("NO_REPLY");
        assertThat(follow.path("summary").asString()).isEqualTo("event subscribe");
        JsonNode text = http.post("/fake/accounts/wx1/followers/" + openId + "/text", "{\"content\":\"在吗\"}");
        assertThat(text.path("xml").asString()).contains("<Content><![CDATA[在吗]]></Content>");

        JsonNode follower = http.get("/fake/accounts/wx1/followers/" + openId);
        assertThat(follower.path("subscribed").asBoolean()).isTrue();
        assertThat(follower.path("messageWindowLeft").asInt()).isEqualTo(5);
        assertThat(http.get("/fake/accounts/wx1/deliveries?openId=" + openId)).hasSize(2);
        assertThat(http.get("/fake/accounts/wx1/followers/" + openId + "/messages").isEmpty()).isTrue();
        assertThat(http.get("/fake/current").path("person").path("nickname").asString()).isEqualTo("韩梅梅");

        assertThat(http.raw("POST", "/fake/accounts/wx1/followers/" + openId + "/follow", "").statusCode())
                .isEqualTo(409);
        assertThat(http.raw("POST", "/fake/accounts/wx1/followers/" + openId + "/dance", "").statusCode())
                .isEqualTo(404);
        assertThat(http.raw("POST", "/fake/accounts/wx9/followers/" + openId + "/follow", "").statusCode())
                .isEqualTo(404);
        assertThat(http.raw("POST", "/fake/accounts/wx1/followers/" + openId + "/text", "{}").statusCode())
                .isEqualTo(400);

        long before = http.get("/fake/time").path("epochSecond").asLong();
        assertThat(http.post("/fake/time/advance", "{\"seconds\":3600}").path("epochSecond").asLong())
                .isGreaterThanOrEqualTo(before + 3600);
    }

    @Test
    void updatingAnAccountKeepsItsFollowersAndTemplatesCanBeAdded() {
        http.post("/fake/accounts", "{\"appId\":\"wx1\"}");
        Person li = fake.addPerson("Li Lei");
        fake.actAs("wx1", li).follow();
        HttpResponse<byte[]> updated = http.raw("POST", "/fake/accounts", "{\"appId\":\"wx1\",\"mode\":\"safe\"}");
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(fake.account("wx1").config().mode()).isEqualTo(MessageMode.SAFE);
        assertThat(fake.account("wx1").follower(li).subscribed()).isTrue();
        assertThat(http.post("/fake/accounts/wx1/templates", "{\"templateId\":\"tpl-1\"}").path("templateIds")
                .toString()).isEqualTo("[\"tpl-1\"]");
    }

    @Test
    void thePlayPageIsServedInBothLanguages() {
        HttpResponse<byte[]> page = http.raw("GET", "/fake/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(new String(page.body(), StandardCharsets.UTF_8)).contains("微信公众号模拟器")
                .contains("WeChat Official Account fake").contains("/followers/");
    }

    @Test
    void theAccountFlagAllowsCommasInTheCallbackUrl() {
        JsonNode json = Main.accountFlag("appId=wx1,appSecret=s,mode=safe,callbackUrl=http://h/cb?a=1,2");
        AccountConfig config = AccountJson.parse(json, null);
        assertThat(config.callbackUrl()).isEqualTo("http://h/cb?a=1,2");
        assertThat(config.mode()).isEqualTo(MessageMode.SAFE);
        assertThat(config.appSecret()).isEqualTo("s");
    }
}
