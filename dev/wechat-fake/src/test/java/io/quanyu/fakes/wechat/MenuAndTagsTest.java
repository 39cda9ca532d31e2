package io.quanyu.fakes.wechat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Menus and follower tags (reference §3.7) round-trip through the API. */
class MenuAndTagsTest {

    private static final String MENU = "{\"button\":[{\"type\":\"click\",\"name\":\"今日歌曲\","
            + "\"key\":\"V1001_TODAY_MUSIC\"},{\"name\":\"菜单\",\"sub_button\":[{\"type\":\"view\",\"name\":\"搜索\","
            + "\"url\":\"http://www.soso.com/\"},{\"type\":\"miniprogram\",\"name\":\"wxa\",\"url\":"
            + "\"http://mp.weixin.qq.com\",\"appid\":\"wx286b93c14bbf93aa\",\"pagepath\":\"pages/lunar/index\"}]}]}";

    private final WeChatFake fake = WeChatFake.start();
    private final TestHttp http = new TestHttp(fake.baseUrl());
    private final String token;

    MenuAndTagsTest() {
        fake.addAccount(AccountConfig.of("wx1", "secret1", "t1"));
        token = http.token("wx1", "secret1");
    }

    @AfterEach
    void close() {
        fake.close();
    }

    @Test
    void menuRoundTrip() {
        assertThat(http.get("/cgi-bin/menu/get?access_token=" + token).path("errcode").asInt()).isEqualTo(46003);
        assertThat(post("/cgi-bin/menu/create", MENU).path("errcode").asInt()).isZero();
        JsonNode menu = http.get("/cgi-bin/menu/get?access_token=" + token).path("menu");
        assertThat(menu.path("button").get(0).path("key").asString()).isEqualTo("V1001_TODAY_MUSIC");
        assertThat(menu.path("button").get(0).path("sub_button").isArray()).isTrue();
        assertThat(menu.path("button").get(1).path("sub_button").get(1).path("pagepath").asString())
                .isEqualTo("pages/lunar/index");
        assertThat(menu.path("menuid").asLong()).isPositive();

        String conditional = MENU.substring(0, MENU.length() - 1) + ",\"matchrule\":{\"tag_id\":\"2\"}}";
        String menuId = post("/cgi-bin/menu/addconditional", conditional).path("menuid").asString();
        assertThat(menuId).matches("\\d+");
        JsonNode all = http.get("/cgi-bin/menu/get?access_token=" + token);
        assertThat(all.path("conditionalmenu").get(0).path("menuid").asString()).isEqualTo(menuId);
        assertThat(all.path("conditionalmenu").get(0).path("matchrule").path("tag_id").asString()).isEqualTo("2");
        assertThat(post("/cgi-bin/menu/delconditional", "{\"menuid\":\"" + menuId + "\"}").path("errcode").asInt())
                .isZero();
        assertThat(post("/cgi-bin/menu/delconditional", "{\"menuid\":\"" + menuId + "\"}").path("errcode").asInt())
                .isEqualTo(65301);
        assertThat(http.get("/cgi-bin/menu/get?access_token=" + token).has("conditionalmenu")).isFalse();
    }

    @Test
    void menusBreakingWeChatsLimitsAreRefused() {
        String four = "{\"button\":[" + "{\"type\":\"click\",\"name\":\"a\",\"key\":\"k\"},".repeat(3)
                + "{\"type\":\"click\",\"name\":\"a\",\"key\":\"k\"}]}";
        assertThat(post("/cgi-bin/menu/create", four).path("errcode").asInt()).isEqualTo(40016);
        assertThat(post("/cgi-bin/menu/create", "{\"button\":[{\"type\":\"click\",\"name\":\"一二三四五六\","
                + "\"key\":\"k\"}]}").path("errcode").asInt()).isEqualTo(40018);
        assertThat(post("/cgi-bin/menu/create", "{\"button\":[{\"type\":\"teleport\",\"name\":\"a\"}]}")
                .path("errcode").asInt()).isEqualTo(40017);
    }

    @Test
    void tagsRoundTrip() {
        Person li = fake.addPerson("Li Lei");
        String openId = fake.account("wx1").openId(li);
        fake.actAs("wx1", li).follow();

        JsonNode created = post("/cgi-bin/tags/create", "{\"tag\":{\"name\":\"广东\"}}").path("tag");
        long id = created.path("id").asLong();
        assertThat(id).isGreaterThanOrEqualTo(100);
        assertThat(created.path("name").asString()).isEqualTo("广东");
        assertThat(post("/cgi-bin/tags/create", "{\"tag\":{\"name\":\"广东\"}}").path("errcode").asInt())
                .isEqualTo(45157);

        String members = "{\"openid_list\":[\"" + openId + "\"],\"tagid\":" + id + "}";
        assertThat(post("/cgi-bin/tags/members/batchtagging", members).path("errcode").asInt()).isZero();
        assertThat(post("/cgi-bin/tags/getidlist", "{\"openid\":\"" + openId + "\"}").path("tagid_list").toString())
                .isEqualTo("[" + id + "]");
        assertThat(http.get("/cgi-bin/user/info?access_token=" + token + "&openid=" + openId)
                .path("tagid_list").toString()).isEqualTo("[" + id + "]");
        JsonNode tags = http.get("/cgi-bin/tags/get?access_token=" + token).path("tags");
        assertThat(tags.toString()).contains("{\"id\":2,\"name\":\"星标组\",\"count\":0}")
                .contains("{\"id\":" + id + ",\"name\":\"广东\",\"count\":1}");

        assertThat(post("/cgi-bin/tags/update", "{\"tag\":{\"id\":" + id + ",\"name\":\"广州\"}}")
                .path("errcode").asInt()).isZero();
        assertThat(http.get("/cgi-bin/tags/get?access_token=" + token).toString()).contains("广州")
                .doesNotContain("广东");
        assertThat(post("/cgi-bin/tags/members/batchuntagging", members).path("errcode").asInt()).isZero();
        assertThat(post("/cgi-bin/tags/getidlist", "{\"openid\":\"" + openId + "\"}").path("tagid_list").isEmpty())
                .isTrue();
        assertThat(post("/cgi-bin/tags/members/batchtagging", "{\"openid_list\":[\"oNobody\"],\"tagid\":" + id
                + "}").path("errcode").asInt()).isEqualTo(40003);
        assertThat(post("/cgi-bin/tags/delete", "{\"tag\":{\"id\":2}}").path("errcode").asInt()).isEqualTo(45058);
        assertThat(post("/cgi-bin/tags/delete", "{\"tag\":{\"id\":" + id + "}}").path("errcode").asInt()).isZero();
        assertThat(post("/cgi-bin/tags/delete", "{\"tag\":{\"id\":" + id + "}}").path("errcode").asInt())
                .isEqualTo(45159);
    }

    @Test
    void aTagsFollowersComeInPagesAfterNextOpenIdAndTheConsoleTagsToo() {
        Person li = fake.addPerson("Li Lei");
        Person han = fake.addPerson("Han Meimei");
        Person wei = fake.addPerson("Wei Hua");
        for (Person person : java.util.List.of(li, han, wei)) {
            fake.actAs("wx1", person).follow();
        }
        long vip = fake.account("wx1").consoleTag(li, "vip", true);
        assertThat(fake.account("wx1").consoleTag(wei, "vip", true)).as("the console finds the tag by name").isEqualTo(vip);
        fake.actAs("wx1", wei).unfollow();

        JsonNode page = post("/cgi-bin/user/tag/get", "{\"tagid\":" + vip + ",\"next_openid\":\"\"}");
        assertThat(page.path("count").asInt()).as("followers only").isEqualTo(1);
        assertThat(page.path("data").path("openid").get(0).asString()).isEqualTo(fake.account("wx1").openId(li));
        JsonNode after = post("/cgi-bin/user/tag/get", "{\"tagid\":" + vip + ",\"next_openid\":\""
                + page.path("next_openid").asString() + "\"}");
        assertThat(after.path("count").asInt()).isZero();
        assertThat(after.path("next_openid").asString()).isEmpty();
        assertThat(post("/cgi-bin/user/tag/get", "{\"tagid\":999,\"next_openid\":\"\"}").path("errcode").asInt())
                .isEqualTo(45159);
        assertThat(post("/cgi-bin/user/tag/get", "{\"tagid\":" + vip + ",\"next_openid\":\"oNobody\"}")
                .path("errcode").asInt()).isEqualTo(40003);

        JsonNode untagged = http.post("/fake/accounts/wx1/followers/" + fake.account("wx1").openId(li) + "/untag",
                "{\"name\":\"vip\"}");
        assertThat(untagged.path("tagIds").isEmpty()).isTrue();
        assertThat(post("/cgi-bin/user/tag/get", "{\"tagid\":" + vip + ",\"next_openid\":\"\"}").path("count").asInt())
                .isZero();
        assertThat(fake.account("wx1").follower(han).tagIds()).isEmpty();
    }

    private JsonNode post(String path, String body) {
        return http.post(path + "?access_token=" + token, body);
    }
}
