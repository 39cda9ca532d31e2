package io.quanyu.plugins.wechat;

import io.quanyu.fakes.wechat.Delivery;
import io.quanyu.fakes.wechat.MessageMode;
import io.quanyu.fakes.wechat.Person;
import io.quanyu.fakes.wechat.Verification;
import io.quanyu.plugin.sdk.Event;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** WeChat's callbacks from the fake, in each message mode: verification, follows, messages, retries. */
class CallbackTest {

    @ParameterizedTest
    @EnumSource(MessageMode.class)
    void theConsoleVerifiesTheCallbackUrl(MessageMode mode) {
        try (WeChatTestBed bed = new WeChatTestBed(mode)) {
            Verification verification = bed.fake.verifyCallbackUrl(WeChatTestBed.APP_ID);

            assertThat(verification.ok()).as(verification.problem()).isTrue();
            assertThat(verification.body()).isEqualTo(verification.echostr());
        }
    }

    @ParameterizedTest
    @EnumSource(MessageMode.class)
    void aFollowIsAcknowledgedAtOnceAndBecomesASubscribeEventWithTheScopedOpenid(MessageMode mode) {
        try (WeChatTestBed bed = new WeChatTestBed(mode)) {
            Person li = bed.fake.addPerson("Li Lei");

            Delivery delivery = bed.fake.actAs(WeChatTestBed.APP_ID, li).follow();

            assertThat(delivery.outcome()).isEqualTo(Delivery.Outcome.NO_REPLY);
            assertThat(delivery.reply()).isEqualTo("success");
            assertThat(bed.events("wechat.subscribe")).as("processed on a task, not in the callback").isEmpty();
            assertThat(bed.runTasks()).singleElement().satisfies(run -> assertThat(run.outcome()).isEqualTo("done"));
            assertThat(bed.events("wechat.subscribe")).singleElement().satisfies(event -> {
                assertThat(event.identities()).contains(WeChatTestBed.openIdentity(bed.openId(li)));
                assertThat(event.identities()).anySatisfy(id -> {
                    assertThat(id.type()).isEqualTo("wechat_unionid");
                    assertThat(id.value()).isEqualTo(li.unionId());
                });
                assertThat(event.channel()).isEqualTo("wechat");
                assertThat(event.properties()).containsEntry("appId", WeChatTestBed.APP_ID).doesNotContainKey("scene");
                assertThat(bed.facts(event)).containsEntry("subscribed", true).containsKeys("subscribedAt",
                        "lastInteractionAt");
            });
        }
    }

    @ParameterizedTest
    @EnumSource(MessageMode.class)
    void theSameCallbackDeliveredFourTimesIsAppliedOnce(MessageMode mode) {
        try (WeChatTestBed bed = new WeChatTestBed(mode)) {
            Person li = bed.follower("Li Lei");
            bed.bridge.loseNextAnswers(3);
            int before = bed.bridge.calls();

            Delivery delivery = bed.fake.actAs(WeChatTestBed.APP_ID, li).text("你好 hello");
            bed.runTasks();

            assertThat(delivery.attempts()).hasSize(4);
            assertThat(bed.bridge.calls() - before).isEqualTo(4);
            assertThat(bed.events("wechat.message")).singleElement().satisfies(event -> {
                assertThat(event.properties()).containsEntry("content", "你好 hello").containsEntry("msgType", "text")
                        .containsEntry("msgId", delivery.msgId());
                assertThat(bed.facts(event)).containsEntry("subscribed", true);
            });
        }
    }

    @ParameterizedTest
    @EnumSource(MessageMode.class)
    void menuClicksViewsLocationsAndUnfollowsAreTracked(MessageMode mode) {
        try (WeChatTestBed bed = new WeChatTestBed(mode)) {
            Person li = bed.follower("Li Lei");
            var act = bed.fake.actAs(WeChatTestBed.APP_ID, li);

            act.click("V1001_TODAY_MUSIC");
            act.view("https://shop.example.com/new");
            act.location(23.137466, 113.352425, 119.385040);
            act.unfollow();
            bed.runTasks();

            assertThat(bed.events("wechat.click")).singleElement()
                    .satisfies(e -> assertThat(e.properties()).containsEntry("key", "V1001_TODAY_MUSIC"));
            assertThat(bed.events("wechat.view")).singleElement()
                    .satisfies(e -> assertThat(e.properties()).containsEntry("url", "https://shop.example.com/new"));
            assertThat(bed.events("wechat.location")).singleElement()
                    .satisfies(e -> assertThat(e.properties()).containsEntry("latitude", 23.137466));
            Event left = bed.events("wechat.unsubscribe").getFirst();
            assertThat(bed.facts(left)).containsEntry("subscribed", false);
            assertThat(bed.host.services().emitted(WeChatTestBed.TENANT).stream().map(Event::id).distinct())
                    .hasSize(5);
        }
    }
}
