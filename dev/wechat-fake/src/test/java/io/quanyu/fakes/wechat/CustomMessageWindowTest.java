package io.quanyu.fakes.wechat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The customer-service window of reference §3.2: 5 messages in 48 h after a user message, 3 in a minute after an event. */
class CustomMessageWindowTest {

    private final WeChatFake fake = WeChatFake.start();
    private final TestHttp http = new TestHttp(fake.baseUrl());
    private String token;
    private final Person li;
    private final String openId;

    CustomMessageWindowTest() {
        fake.addAccount(AccountConfig.of("wx1", "secret1", "token1"));
        token = http.token("wx1", "secret1");
        li = fake.addPerson("Li Lei");
        openId = fake.account("wx1").openId(li);
    }

    @AfterEach
    void close() {
        fake.close();
    }

    @Test
    void withoutAnInteractionTheWindowIsClosed() {
        fake.actAs("wx1", li).follow();
        fake.time().advance(Duration.ofSeconds(61));
        JsonNode refused = send(openId, "hello");
        assertThat(refused.path("errcode").asInt()).isEqualTo(45015);
        assertThat(refused.path("errmsg").asString())
                .startsWith("response out of time limit or subscription is canceled");
        assertThat(fake.account("wx1").messages(openId)).isEmpty();
    }

    @Test
    void aTextOpensFiveMessagesFor48Hours() {
        fake.actAs("wx1", li).follow();
        fake.time().advance(Duration.ofSeconds(61));
        fake.actAs("wx1", li).text("你好");
        for (int i = 1; i <= 5; i++) {
            assertThat(send(openId, "reply " + i).path("errcode").asInt()).as("message %d", i).isZero();
        }
        JsonNode sixth = send(openId, "reply 6");
        assertThat(sixth.path("errcode").asInt()).isEqualTo(45047);
        assertThat(sixth.path("errmsg").asString()).startsWith("out of response count limit");
        assertThat(fake.account("wx1").messages(openId)).hasSize(5)
                .allSatisfy(message -> assertThat(message.kind()).isEqualTo("custom"))
                .first().satisfies(message -> assertThat(message.body().path("text").path("content").asString())
                        .isEqualTo("reply 1"));

        fake.actAs("wx1", li).text("again");
        fake.time().advance(Duration.ofHours(48).minusSeconds(1));
        token = http.token("wx1", "secret1");
        assertThat(send(openId, "late").path("errcode").asInt()).isZero();
        fake.time().advance(Duration.ofSeconds(2));
        assertThat(send(openId, "too late").path("errcode").asInt()).isEqualTo(45015);
    }

    @Test
    void aFollowOpensThreeMessagesForAMinute() {
        fake.actAs("wx1", li).follow();
        for (int i = 1; i <= 3; i++) {
            assertThat(send(openId, "welcome " + i).path("errcode").asInt()).isZero();
        }
        assertThat(send(openId, "welcome 4").path("errcode").asInt()).isEqualTo(45047);
    }

    @Test
    void anUnfollowedOrUnknownOpenIdIsRefused() {
        fake.actAs("wx1", li).follow();
        fake.actAs("wx1", li).text("bye");
        fake.actAs("wx1", li).unfollow();
        assertThat(send(openId, "come back").path("errcode").asInt()).isEqualTo(45015);
        JsonNode unknown = send("oUnknownUnknownUnknownUnknow", "hi");
        assertThat(unknown.path("errcode").asInt()).isEqualTo(40003);
        assertThat(unknown.path("errmsg").asString()).startsWith("invalid openid");
        assertThat(http.post("/cgi-bin/message/custom/send?access_token=" + token,
                "{\"touser\":\"" + openId + "\",\"msgtype\":\"text\"}").path("errcode").asInt()).isEqualTo(40008);
        assertThat(http.post("/cgi-bin/message/custom/send?access_token=" + token, "{not json")
                .path("errcode").asInt()).isEqualTo(47001);
    }

    private JsonNode send(String to, String content) {
        return http.post("/cgi-bin/message/custom/send?access_token=" + token,
                "{\"touser\":\"" + to + "\",\"msgtype\":\"text\",\"text\":{\"content\":\"" + content + "\"}}");
    }
}
