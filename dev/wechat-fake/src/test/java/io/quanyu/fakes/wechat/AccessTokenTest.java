package io.quanyu.fakes.wechat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The token lifecycle of reference §3.1: credentials, 7200 s expiry, the 5-minute overlap, expire-all, stable tokens. */
class AccessTokenTest {

    private final WeChatFake fake = WeChatFake.start();
    private final TestHttp http = new TestHttp(fake.baseUrl());

    AccessTokenTest() {
        fake.addAccount(AccountConfig.of("wx1", "secret1", "token1"));
    }

    @AfterEach
    void close() {
        fake.close();
    }

    @Test
    void credentialsAreChecked() {
        assertThat(http.get("/cgi-bin/token?grant_type=password&appid=wx1&secret=secret1").path("errcode").asInt())
                .isEqualTo(40002);
        JsonNode unknown = http.get("/cgi-bin/token?grant_type=client_credential&appid=wx9&secret=secret1");
        assertThat(unknown.path("errcode").asInt()).isEqualTo(40013);
        assertThat(unknown.path("errmsg").asString()).startsWith("invalid appid rid: ");
        assertThat(http.get("/cgi-bin/token?grant_type=client_credential&appid=wx1&secret=nope")
                .path("errcode").asInt()).isEqualTo(40125);
        JsonNode token = http.get("/cgi-bin/token?grant_type=client_credential&appid=wx1&secret=secret1");
        assertThat(token.path("access_token").asString()).hasSizeGreaterThan(100);
        assertThat(token.path("expires_in").asInt()).isEqualTo(7200);
        assertThat(token.has("errcode")).isFalse();
    }

    @Test
    void aTokenExpiresAfter7200SecondsAndAFreshOneWorks() {
        String token = http.token("wx1", "secret1");
        assertThat(errcode(token)).isZero();
        fake.time().advance(Duration.ofSeconds(7199));
        assertThat(errcode(token)).isZero();
        fake.time().advance(Duration.ofSeconds(2));
        JsonNode expired = http.get("/cgi-bin/user/get?access_token=" + token);
        assertThat(expired.path("errcode").asInt()).isEqualTo(42001);
        assertThat(expired.path("errmsg").asString()).startsWith("access_token expired");
        assertThat(errcode(http.token("wx1", "secret1"))).isZero();
    }

    @Test
    void aNewTokenEndsThePreviousOneAfterFiveMinutes() {
        String first = http.token("wx1", "secret1");
        String second = http.token("wx1", "secret1");
        assertThat(second).isNotEqualTo(first);
        fake.time().advance(Duration.ofSeconds(299));
        assertThat(errcode(first)).isZero();
        fake.time().advance(Duration.ofSeconds(2));
        assertThat(errcode(first)).isEqualTo(40001);
        assertThat(errcode(second)).isZero();
    }

    @Test
    void expiringAllTokensAnswers42001AndMissingOrUnknownTokensAreRefused() {
        String token = http.token("wx1", "secret1");
        assertThat(http.post("/fake/tokens/expire", "{}").path("expired").asBoolean()).isTrue();
        assertThat(errcode(token)).isEqualTo(42001);
        assertThat(http.get("/cgi-bin/user/get").path("errcode").asInt()).isEqualTo(41001);
        assertThat(errcode("not-a-token")).isEqualTo(40001);
        assertThat(errcode(http.token("wx1", "secret1"))).isZero();
    }

    @Test
    void theStableTokenStaysTheSameUntilForced() {
        String body = "{\"grant_type\":\"client_credential\",\"appid\":\"wx1\",\"secret\":\"secret1\"";
        String first = http.post("/cgi-bin/stable_token", body + "}").path("access_token").asString();
        String again = http.post("/cgi-bin/stable_token", body + ",\"force_refresh\":false}")
                .path("access_token").asString();
        assertThat(again).isEqualTo(first);
        String forced = http.post("/cgi-bin/stable_token", body + ",\"force_refresh\":true}")
                .path("access_token").asString();
        assertThat(forced).isNotEqualTo(first);
        assertThat(errcode(first)).isEqualTo(40001);
        assertThat(errcode(forced)).isZero();
        fake.time().advance(Duration.ofSeconds(7200 - 299));
        assertThat(http.post("/cgi-bin/stable_token", body + "}").path("access_token").asString())
                .as("renewed in its last 5 minutes").isNotEqualTo(forced);
    }

    private int errcode(String token) {
        return http.get("/cgi-bin/user/get?access_token=" + token).path("errcode").asInt(0);
    }
}
