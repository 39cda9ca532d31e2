package io.quanyu.fakes.wechat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pushes to the developer's callback (reference §1.2-§1.5): signed in all three modes, encrypted in compatible and
 * safe mode, subscribe-by-scan then SCAN, passive replies read back (decrypted), and 4 identical deliveries when the
 * callback stalls or fails.
 */
class CallbackDeliveryTest {

    private static final Duration DEADLINE = Duration.ofMillis(400);

    private final TestCallback callback = new TestCallback();
    private final WeChatFake fake = WeChatFake.builder().callbackDeadline(DEADLINE).start();
    private final TestHttp http = new TestHttp(fake.baseUrl());
    private final Person li = fake.addPerson("Li Lei");

    @AfterEach
    void close() {
        fake.close();
        callback.close();
    }

    @ParameterizedTest
    @EnumSource(MessageMode.class)
    void scanningToSubscribeReachesTheCallbackSignedAndWrappedPerMode(MessageMode mode) {
        AccountConfig config = configure(mode);
        String openId = fake.account("wx1").openId(li);
        String ticket = createQrCode("{\"expire_seconds\":600,\"action_name\":\"QR_STR_SCENE\","
                + "\"action_info\":{\"scene\":{\"scene_str\":\"promo-7\"}}}");

        Delivery subscribe = fake.actAs("wx1", li).scan(ticket);
        assertThat(subscribe.outcome()).isEqualTo(Delivery.Outcome.NO_REPLY);
        assertThat(subscribe.attempts()).hasSize(1);
        Map<String, String> event = readPush(config, callback.received().getFirst(), openId);
        assertThat(event).containsEntry("ToUserName", config.originalId()).containsEntry("FromUserName", openId)
                .containsEntry("MsgType", "event").containsEntry("Event", "subscribe")
                .containsEntry("EventKey", "qrscene_promo-7").containsEntry("Ticket", ticket);
        assertThat(Long.parseLong(event.get("CreateTime"))).isCloseTo(fake.time().epochSecond(), Offset.offset(5L));

        fake.actAs("wx1", li).scan(ticket);
        assertThat(readPush(config, callback.received().get(1), openId)).containsEntry("Event", "SCAN")
                .containsEntry("EventKey", "promo-7").containsEntry("Ticket", ticket);
    }

    @ParameterizedTest
    @EnumSource(MessageMode.class)
    void aPassiveReplyIsReadBackAndReachesTheFollower(MessageMode mode) {
        AccountConfig config = configure(mode);
        String openId = fake.account("wx1").openId(li);
        String replyXml = "<xml><ToUserName><![CDATA[" + openId + "]]></ToUserName><FromUserName><![CDATA["
                + config.originalId() + "]]></FromUserName><CreateTime>12345678</CreateTime>"
                + "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[欢迎]]></Content></xml>";
        callback.respond(request -> new TestCallback.Answer(200,
                mode == MessageMode.SAFE ? encryptedReply(config, replyXml) : replyXml));

        Delivery delivery = fake.actAs("wx1", li).follow();

        assertThat(delivery.outcome()).isEqualTo(Delivery.Outcome.REPLIED);
        assertThat(delivery.replyXml()).isEqualTo(replyXml);
        assertThat(fake.account("wx1").messages(openId)).singleElement().satisfies(message -> {
            assertThat(message.kind()).isEqualTo("passive");
            assertThat(message.body().path("Content").asString()).isEqualTo("欢迎");
        });
        assertThat(fake.account("wx1").deliveries()).containsExactly(delivery);
    }

    @Test
    void aStalledCallbackGetsFourIdenticalDeliveries() {
        configure(MessageMode.SAFE);
        fake.actAs("wx1", li).follow();
        callback.respond(request -> null);

        long started = System.nanoTime();
        Delivery delivery = fake.actAs("wx1", li).text("anyone there?");
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(delivery.outcome()).isEqualTo(Delivery.Outcome.FAILED);
        assertThat(delivery.attempts()).hasSize(4).allSatisfy(attempt -> {
            assertThat(attempt.status()).isZero();
            assertThat(attempt.error()).contains("no answer within 400 ms");
        });
        assertThat(millis).isGreaterThanOrEqualTo(4 * DEADLINE.toMillis());
        var received = callback.received();
        assertThat(received).hasSize(5);
        assertThat(received.subList(1, 5)).allSatisfy(request -> {
            assertThat(request.query()).isEqualTo(received.get(1).query());
            assertThat(request.body()).isEqualTo(received.get(1).body());
        });
        assertThat(received.get(1).body()).contains("<Encrypt>");
    }

    @Test
    void anErrorAnswerIsRetriedAndAMalformedAnswerIsNot() {
        configure(MessageMode.PLAIN);
        AtomicInteger calls = new AtomicInteger();
        callback.respond(request -> calls.incrementAndGet() == 1 ? new TestCallback.Answer(500, "oops")
                : new TestCallback.Answer(200, ""));
        Delivery retried = fake.actAs("wx1", li).follow();
        assertThat(retried.outcome()).isEqualTo(Delivery.Outcome.NO_REPLY);
        assertThat(retried.attempts()).extracting(Delivery.Attempt::status).containsExactly(500, 200);

        callback.respond(request -> new TestCallback.Answer(200, "{\"json\":true}"));
        Delivery malformed = fake.actAs("wx1", li).text("hi");
        assertThat(malformed.outcome()).isEqualTo(Delivery.Outcome.INVALID_REPLY);
        assertThat(malformed.attempts()).hasSize(1);
        assertThat(malformed.problem()).startsWith("not XML");
    }

    @Test
    void eachActionPushesTheEventWeChatSends() {
        AccountConfig config = configure(MessageMode.PLAIN);
        String openId = fake.account("wx1").openId(li);
        fake.actAs("wx1", li).follow();
        fake.actAs("wx1", li).click("V1001_TODAY_MUSIC");
        fake.actAs("wx1", li).view("http://www.soso.com/");
        fake.actAs("wx1", li).location(23.137466, 113.352425, 119.38504);
        fake.actAs("wx1", li).text("hello");
        fake.actAs("wx1", li).unfollow();
        var pushes = callback.received().stream().map(request -> readPush(config, request, openId)).toList();
        assertThat(pushes.get(0)).containsEntry("Event", "subscribe").doesNotContainKey("EventKey");
        assertThat(pushes.get(1)).containsEntry("Event", "CLICK").containsEntry("EventKey", "V1001_TODAY_MUSIC");
        assertThat(pushes.get(2)).containsEntry("Event", "VIEW").containsEntry("EventKey", "http://www.soso.com/");
        assertThat(pushes.get(3)).containsEntry("Event", "LOCATION").containsEntry("Latitude", "23.137466")
                .containsEntry("Longitude", "113.352425").containsEntry("Precision", "119.385040");
        assertThat(callback.received().get(3).body()).contains("<Latitude>23.137466</Latitude>");
        assertThat(pushes.get(4)).containsEntry("MsgType", "text").containsEntry("Content", "hello")
                .containsKey("MsgId");
        assertThat(pushes.get(5)).containsEntry("Event", "unsubscribe");
    }

    private AccountConfig configure(MessageMode mode) {
        return fake.addAccount(AccountConfig.of("wx1", "secret1", "callback-token").withMode(mode)
                .withCallbackUrl(callback.url())).config();
    }

    private String createQrCode(String body) {
        return http.post("/cgi-bin/qrcode/create?access_token=" + http.token("wx1", "secret1"), body)
                .path("ticket").asString();
    }

    /** Checks a push's signatures as the developer's server must, and returns the message's fields (decrypted). */
    private static Map<String, String> readPush(AccountConfig config, TestCallback.Received request, String openId) {
        Map<String, String> query = request.query();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(query.get("signature"))
                .isEqualTo(Signatures.sha1Sorted(config.token(), query.get("timestamp"), query.get("nonce")));
        assertThat(query.get("openid")).isEqualTo(openId);
        Map<String, String> body = Xml.fields(request.body());
        if (config.mode() == MessageMode.PLAIN) {
            assertThat(query).doesNotContainKeys("encrypt_type", "msg_signature");
            assertThat(body).doesNotContainKey("Encrypt");
            return body;
        }
        assertThat(query.get("encrypt_type")).isEqualTo("aes");
        assertThat(query.get("msg_signature")).isEqualTo(Signatures.sha1Sorted(config.token(),
                query.get("timestamp"), query.get("nonce"), body.get("Encrypt")));
        MessageCrypto.Decrypted decrypted = config.crypto().decrypt(body.get("Encrypt"));
        assertThat(decrypted.appId()).isEqualTo(config.appId());
        Map<String, String> message = Xml.fields(decrypted.message());
        if (config.mode() == MessageMode.SAFE) {
            assertThat(body.keySet()).containsExactly("ToUserName", "Encrypt");
        } else {
            body.remove("Encrypt");
            assertThat(body).isEqualTo(message);
        }
        return message;
    }

    private static String encryptedReply(AccountConfig config, String xml) {
        String encrypted = config.crypto().encrypt(xml);
        String timestamp = "1409304348";
        String nonce = "1320562132";
        return "<xml><Encrypt><![CDATA[" + encrypted + "]]></Encrypt><MsgSignature><![CDATA["
                + Signatures.sha1Sorted(config.token(), timestamp, nonce, encrypted) + "]]></MsgSignature>"
                + "<TimeStamp>" + timestamp + "</TimeStamp><Nonce><![CDATA[" + nonce + "]]></Nonce></xml>";
    }
}
