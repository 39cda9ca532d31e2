package io.quanyu.fakes.wechat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Web authorization (reference §3.8): authorize redirect, code exchange, userinfo, scopes, one unionid per person. */
class OAuthTest {

    private final WeChatFake fake = WeChatFake.start();
    private final TestHttp http = new TestHttp(fake.baseUrl());
    private final Person li;

    OAuthTest() {
        fake.addAccount(AccountConfig.of("wx1", "secret1", "t1"));
        fake.addAccount(AccountConfig.of("wx2", "secret2", "t2"));
        li = fake.addPerson("Li Lei");
    }

    @AfterEach
    void close() {
        fake.close();
    }

    @Test
    void codeThenAccessTokenThenUserInfo() {
        String code = authorize("wx1", "snsapi_userinfo");
        JsonNode token = http.get("/sns/oauth2/access_token?appid=wx1&secret=secret1&code=" + code
                + "&grant_type=authorization_code");
        String openId = fake.account("wx1").openId(li);
        assertThat(token.path("openid").asString()).isEqualTo(openId);
        assertThat(token.path("scope").asString()).isEqualTo("snsapi_userinfo");
        assertThat(token.path("expires_in").asInt()).isEqualTo(7200);
        assertThat(token.path("unionid").asString()).isEqualTo(li.unionId());

        JsonNode user = http.get("/sns/userinfo?access_token=" + token.path("access_token").asString()
                + "&openid=" + openId + "&lang=zh_CN");
        assertThat(user.path("nickname").asString()).isEqualTo("Li Lei");
        assertThat(user.path("unionid").asString()).isEqualTo(li.unionId());
        assertThat(user.path("privilege").isArray()).isTrue();

        JsonNode again = http.get("/sns/oauth2/access_token?appid=wx1&secret=secret1&code=" + code
                + "&grant_type=authorization_code");
        assertThat(again.path("errcode").asInt()).isEqualTo(40163);
        assertThat(http.get("/sns/oauth2/access_token?appid=wx1&secret=secret1&code=nope"
                + "&grant_type=authorization_code").path("errcode").asInt()).isEqualTo(40029);
        assertThat(http.get("/sns/oauth2/access_token?appid=wx1&secret=wrong&code=" + code
                + "&grant_type=authorization_code").path("errcode").asInt()).isEqualTo(40125);

        JsonNode refreshed = http.get("/sns/oauth2/refresh_token?appid=wx1&grant_type=refresh_token&refresh_token="
                + token.path("refresh_token").asString());
        assertThat(refreshed.path("openid").asString()).isEqualTo(openId);
        assertThat(http.get("/sns/auth?access_token=" + refreshed.path("access_token").asString() + "&openid="
                + openId).path("errcode").asInt()).isZero();
    }

    @Test
    void theBaseScopeGivesNoUnionIdAndNoUserInfo() {
        JsonNode token = http.get("/sns/oauth2/access_token?appid=wx2&secret=secret2&code="
                + authorize("wx2", "snsapi_base") + "&grant_type=authorization_code");
        String openId = token.path("openid").asString();
        assertThat(openId).isEqualTo(fake.account("wx2").openId(li)).isNotEqualTo(fake.account("wx1").openId(li));
        assertThat(token.has("unionid")).isFalse();
        assertThat(http.get("/sns/userinfo?access_token=" + token.path("access_token").asString() + "&openid="
                + openId).path("errcode").asInt()).isEqualTo(48001);
    }

    /** Follows the authorize redirect and returns the code, checking that state and the redirect's query survive. */
    private String authorize(String appId, String scope) {
        String redirect = URLEncoder.encode("https://app.example/oauth/back?tenant=acme", StandardCharsets.UTF_8);
        HttpResponse<byte[]> response = http.raw("GET", "/connect/oauth2/authorize?appid=" + appId + "&redirect_uri="
                + redirect + "&response_type=code&scope=" + scope + "&state=s123&connect_redirect=1", null);
        assertThat(response.statusCode()).isEqualTo(302);
        URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
        assertThat(location.getHost()).isEqualTo("app.example");
        assertThat(location.getQuery()).startsWith("tenant=acme&code=").endsWith("&state=s123");
        return ApiRequest.parseQuery(location.getRawQuery()).get("code");
    }
}
