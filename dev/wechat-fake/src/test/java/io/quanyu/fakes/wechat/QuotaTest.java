package io.quanyu.fakes.wechat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;

import static org.assertj.core.api.Assertions.assertThat;

/** Daily API quotas (reference §3.10): configurable per API, 45009 when used up, reset at midnight Beijing time. */
class QuotaTest {

    private final WeChatFake fake = WeChatFake.start();
    private final TestHttp http = new TestHttp(fake.baseUrl());

    QuotaTest() {
        fake.addAccount(AccountConfig.of("wx1", "secret1", "token1"));
    }

    @AfterEach
    void close() {
        fake.close();
    }

    @Test
    void aUsedUpQuotaAnswers45009UntilTheNextDay() {
        String token = http.token("wx1", "secret1");
        Person li = fake.addPerson("Li Lei");
        String openId = fake.account("wx1").openId(li);
        fake.actAs("wx1", li).follow();
        fake.actAs("wx1", li).text("hi");
        JsonNode quotas = http.post("/fake/accounts/wx1/quotas", "{\"/cgi-bin/message/custom/send\": 2}");
        assertThat(quotas.path("limits").path("/cgi-bin/message/custom/send").asLong()).isEqualTo(2);
        String body = "{\"touser\":\"" + openId + "\",\"msgtype\":\"text\",\"text\":{\"content\":\"x\"}}";
        String path = "/cgi-bin/message/custom/send?access_token=" + token;
        assertThat(http.post(path, body).path("errcode").asInt()).isZero();
        assertThat(http.post(path, body).path("errcode").asInt()).isZero();
        JsonNode refused = http.post(path, body);
        assertThat(refused.path("errcode").asInt()).isEqualTo(45009);
        assertThat(refused.path("errmsg").asString()).startsWith("reach max api daily quota limit");
        assertThat(http.get("/fake/accounts/wx1/quotas").path("used").path("/cgi-bin/message/custom/send").asLong())
                .isEqualTo(2);

        fake.time().advance(untilNextBeijingDay());
        String fresh = http.token("wx1", "secret1");
        assertThat(http.post("/cgi-bin/message/custom/send?access_token=" + fresh, body).path("errcode").asInt())
                .isZero();
    }

    @Test
    void theTokenEndpointHasItsOwnQuota() {
        fake.account("wx1").setQuota("/cgi-bin/token", 1);
        assertThat(http.token("wx1", "secret1")).isNotEmpty();
        assertThat(http.get("/cgi-bin/token?grant_type=client_credential&appid=wx1&secret=secret1")
                .path("errcode").asInt()).isEqualTo(45009);
    }

    private Duration untilNextBeijingDay() {
        ZonedDateTime now = fake.time().now().atZone(FakeTime.BEIJING);
        LocalDate tomorrow = now.toLocalDate().plusDays(1);
        return Duration.between(now, tomorrow.atStartOfDay(FakeTime.BEIJING)).plusSeconds(1);
    }
}
