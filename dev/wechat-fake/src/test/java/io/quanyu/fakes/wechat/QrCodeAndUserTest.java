package io.quanyu.fakes.wechat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parametric QR codes (reference §3.5) and what user/info and user/get report after follows (§3.6). */
class QrCodeAndUserTest {

    private final WeChatFake fake = WeChatFake.start();
    private final TestHttp http = new TestHttp(fake.baseUrl());
    private final String token;
    private final Person li;
    private final String openId;

    QrCodeAndUserTest() {
        fake.addAccount(AccountConfig.of("wx1", "secret1", "t1"));
        token = http.token("wx1", "secret1");
        li = fake.addPerson("Li Lei");
        openId = fake.account("wx1").openId(li);
    }

    @AfterEach
    void close() {
        fake.close();
    }

    @Test
    void temporaryAndPermanentCodesAndTheirImage() {
        JsonNode temporary = create("{\"expire_seconds\":600,\"action_name\":\"QR_SCENE\","
                + "\"action_info\":{\"scene\":{\"scene_id\":123}}}");
        assertThat(temporary.path("expire_seconds").asInt()).isEqualTo(600);
        assertThat(temporary.path("url").asString()).startsWith("http://weixin.qq.com/q/");
        JsonNode permanent = create("{\"action_name\":\"QR_LIMIT_STR_SCENE\","
                + "\"action_info\":{\"scene\":{\"scene_str\":\"store-9\"}}}");
        assertThat(permanent.has("expire_seconds")).isFalse();
        assertThat(create("{\"action_name\":\"QR_SCENE\"}").path("expire_seconds").asInt()).isEqualTo(60);
        assertThat(create("{\"action_name\":\"QR_LIMIT_SCENE\",\"action_info\":{\"scene\":{\"scene_id\":100001}}}")
                .path("errcode").asInt()).isEqualTo(40097);

        HttpResponse<byte[]> image = http.raw("GET", "/cgi-bin/showqrcode?ticket="
                + URLEncoder.encode(temporary.path("ticket").asString(), StandardCharsets.UTF_8), null);
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(image.body()).startsWith(0x89, 'P', 'N', 'G');
        assertThat(http.raw("GET", "/cgi-bin/showqrcode?ticket=nope", null).statusCode()).isEqualTo(404);

        fake.time().advance(Duration.ofSeconds(601));
        assertThat(http.raw("GET", "/cgi-bin/showqrcode?ticket="
                + URLEncoder.encode(temporary.path("ticket").asString(), StandardCharsets.UTF_8), null).statusCode())
                .isEqualTo(404);
        assertThatThrownBy(() -> fake.actAs("wx1", li).scan(temporary.path("ticket").asString()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("expired");
    }

    @Test
    void userInfoTellsHowTheFollowerCame() {
        String ticket = create("{\"expire_seconds\":600,\"action_name\":\"QR_SCENE\","
                + "\"action_info\":{\"scene\":{\"scene_id\":98765}}}").path("ticket").asString();
        fake.actAs("wx1", li).scan(ticket);
        JsonNode info = info();
        assertThat(info.path("subscribe").asInt()).isEqualTo(1);
        assertThat(info.path("subscribe_scene").asString()).isEqualTo("ADD_SCENE_QR_CODE");
        assertThat(info.path("qr_scene").asLong()).isEqualTo(98765);
        assertThat(info.path("qr_scene_str").asString()).isEmpty();
        assertThat(info.path("unionid").asString()).isEqualTo(li.unionId());
        assertThat(info.path("subscribe_time").asLong()).isCloseTo(fake.time().epochSecond(),
                org.assertj.core.data.Offset.offset(5L));
        assertThat(http.get("/cgi-bin/user/get?access_token=" + token).path("data").path("openid").toString())
                .isEqualTo("[\"" + openId + "\"]");

        fake.actAs("wx1", li).unfollow();
        JsonNode gone = info();
        assertThat(gone.propertyNames()).containsExactly("subscribe", "openid");
        assertThat(gone.path("subscribe").asInt()).isZero();
        assertThat(http.get("/cgi-bin/user/get?access_token=" + token).path("count").asInt()).isZero();

        fake.actAs("wx1", li).follow();
        assertThat(info().path("subscribe_scene").asString()).isEqualTo("ADD_SCENE_SEARCH");
        assertThat(http.get("/cgi-bin/user/info?access_token=" + token + "&openid=oNobody").path("errcode").asInt())
                .isEqualTo(40003);
    }

    private JsonNode create(String body) {
        return http.post("/cgi-bin/qrcode/create?access_token=" + token, body);
    }

    private JsonNode info() {
        return http.get("/cgi-bin/user/info?access_token=" + token + "&openid=" + openId + "&lang=zh_CN");
    }
}
