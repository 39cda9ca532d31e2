package io.quanyu.fakes.wechat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Template messages (reference §3.3): 40003, 40037, 43004, the msgid answer and the TEMPLATESENDJOBFINISH push. */
class TemplateMessageTest {

    private final TestCallback callback = new TestCallback();
    private final WeChatFake fake = WeChatFake.start();
    private final TestHttp http = new TestHttp(fake.baseUrl());
    private final String token;
    private final Person li;
    private final String openId;

    TemplateMessageTest() {
        fake.addAccount(AccountConfig.of("wx1", "secret1", "token1").withCallbackUrl(callback.url())
                .withTemplateIds(List.of("tpl-order")));
        token = http.token("wx1", "secret1");
        li = fake.addPerson("Li Lei");
        openId = fake.account("wx1").openId(li);
    }

    @AfterEach
    void close() {
        fake.close();
        callback.close();
    }

    @Test
    void aFollowerReceivesItAndTheJobResultIsPushedWithMsgID() {
        fake.actAs("wx1", li).follow();
        JsonNode sent = send(openId, "tpl-order");
        assertThat(sent.path("errcode").asInt()).isZero();
        assertThat(sent.path("errmsg").asString()).isEqualTo("ok");
        String msgId = sent.path("msgid").asString();
        assertThat(msgId).isNotEmpty();
        assertThat(fake.account("wx1").messages(openId)).singleElement().satisfies(message -> {
            assertThat(message.kind()).isEqualTo("template");
            assertThat(message.msgId()).isEqualTo(msgId);
            assertThat(message.body().path("data").path("keyword1").path("value").asString()).isEqualTo("巧克力");
        });
        Await.until(() -> callback.received().size() == 2);
        Map<String, String> finish = Xml.fields(callback.received().get(1).body());
        assertThat(finish).containsEntry("Event", "TEMPLATESENDJOBFINISH").containsEntry("MsgID", msgId)
                .containsEntry("Status", "success").containsEntry("FromUserName", openId).doesNotContainKey("MsgId");
    }

    @Test
    void unknownTemplatesNonFollowersAndUnknownOpenIdsAreRefused() {
        assertThat(send(openId, "tpl-order").path("errcode").asInt()).isEqualTo(43004);
        assertThat(send(openId, "tpl-order").path("errmsg").asString()).startsWith("require subscribe");
        fake.actAs("wx1", li).follow();
        JsonNode unknownTemplate = send(openId, "tpl-nope");
        assertThat(unknownTemplate.path("errcode").asInt()).isEqualTo(40037);
        assertThat(unknownTemplate.path("errmsg").asString()).startsWith("invalid template_id");
        assertThat(send("oNobodyNobodyNobodyNobodyNob", "tpl-order").path("errcode").asInt()).isEqualTo(40003);
        assertThat(fake.account("wx1").messages(openId)).isEmpty();
    }

    private JsonNode send(String to, String templateId) {
        return http.post("/cgi-bin/message/template/send?access_token=" + token, "{\"touser\":\"" + to
                + "\",\"template_id\":\"" + templateId + "\",\"url\":\"http://weixin.qq.com/download\","
                + "\"data\":{\"keyword1\":{\"value\":\"巧克力\"},\"keyword2\":{\"value\":\"39.8元\"}}}");
    }
}
