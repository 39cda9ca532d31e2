package io.quanyu.plugins.wechat;

import io.quanyu.fakes.wechat.MessageMode;
import io.quanyu.fakes.wechat.Person;
import io.quanyu.plugin.sdk.channel.DeliveryStatus;
import io.quanyu.plugin.sdk.channel.Message;
import io.quanyu.plugin.sdk.channel.Recipient;
import io.quanyu.plugin.sdk.channel.SendResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code wechat-template} and {@code wechat-cs} channels against the fake. */
class SendTest {
    private final WeChatTestBed bed = new WeChatTestBed(MessageMode.SAFE);

    @AfterEach
    void close() {
        bed.close();
    }

    @Test
    void aTemplateMessageReachesTheFollowerAndItsJobResultIsReportedDelivered() throws InterruptedException {
        Person li = bed.follower("Li Lei");

        var handed = bed.send(TemplateChannel.CHANNEL, "order:1", li, template());

        assertThat(handed.result().isSent()).as(String.valueOf(handed.result())).isTrue();
        assertThat(bed.account.messages(bed.openId(li))).singleElement().satisfies(m -> {
            assertThat(m.kind()).isEqualTo("template");
            assertThat(m.msgId()).isEqualTo(handed.result().messageId());
            assertThat(m.body().path("template_id").asString()).isEqualTo(WeChatTestBed.TEMPLATE_ID);
            assertThat(m.body().path("url").asString()).isEqualTo("https://shop.example.com/orders/1");
            assertThat(m.body().path("data").path("keyword1").path("value").asString()).isEqualTo("巧克力");
            assertThat(m.body().path("data").path("keyword2").path("color").asString()).isEqualTo("#173177");
        });
        awaitTasksAndReports(1);
        assertThat(bed.host.services().deliveries().reports(WeChatTestBed.TENANT)).singleElement().satisfies(r -> {
            assertThat(r.sendId()).isEqualTo(handed.sendId());
            assertThat(r.status()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(r.detail()).containsEntry("status", "success");
        });
    }

    @Test
    void aSendRetriedWithTheSameSendIdGoesOutOnce() {
        Person li = bed.follower("Li Lei");

        SendResult first = bed.send(TemplateChannel.CHANNEL, "order:1", li, template()).result();
        SendResult again = bed.send(TemplateChannel.CHANNEL, "order:1", li, template()).result();

        assertThat(again).isEqualTo(first);
        assertThat(bed.account.messages(bed.openId(li))).hasSize(1);
    }

    @Test
    void aTemplateToSomeoneWhoLeftIsNotAFollower() {
        Person li = bed.follower("Li Lei");
        bed.fake.actAs(WeChatTestBed.APP_ID, li).unfollow();

        SendResult result = bed.send(TemplateChannel.CHANNEL, "order:1", li, template()).result();

        assertThat(result.failure().code()).isEqualTo("WECHAT_NOT_FOLLOWER");
        assertThat(result.retryable()).isFalse();
    }

    @Test
    void aCustomerServiceTextWithinTheWindowReachesTheFollower() {
        Person li = bed.follower("Li Lei");
        bed.fake.actAs(WeChatTestBed.APP_ID, li).text("在吗?");

        var handed = bed.send(CustomerServiceChannel.CHANNEL, "reply:1", li, new Message(null, "在的，请问有什么可以帮您？",
                Map.of()));

        assertThat(handed.result().isSent()).as(String.valueOf(handed.result())).isTrue();
        assertThat(bed.account.messages(bed.openId(li))).filteredOn(m -> m.kind().equals("custom")).singleElement()
                .satisfies(m -> assertThat(m.body().path("text").path("content").asString())
                        .isEqualTo("在的，请问有什么可以帮您？"));
    }

    @Test
    void aCustomerServiceTextOutsideTheWindowIsRefusedSoTheServiceFallsBack() {
        Person li = bed.follower("Li Lei");
        bed.fake.time().advance(Duration.ofMinutes(2));

        SendResult result = bed.send(CustomerServiceChannel.CHANNEL, "reply:1", li, new Message(null, "hello",
                Map.of())).result();

        assertThat(result.failure().code()).isEqualTo("WECHAT_WINDOW_CLOSED");
        assertThat(result.retryable()).isFalse();
        assertThat(bed.account.messages(bed.openId(li))).isEmpty();
    }

    @Test
    void anExpiredTokenIsRefreshedOnceAndTheSendSucceeds() {
        Person li = bed.follower("Li Lei");
        assertThat(bed.send(TemplateChannel.CHANNEL, "order:1", li, template()).result().isSent()).isTrue();
        long fetched = tokenFetches();

        bed.fake.expireAllTokens();
        SendResult result = bed.send(TemplateChannel.CHANNEL, "order:2", li, template()).result();
        SendResult next = bed.send(TemplateChannel.CHANNEL, "order:3", li, template()).result();

        assertThat(result.isSent()).as(String.valueOf(result)).isTrue();
        assertThat(next.isSent()).isTrue();
        assertThat(tokenFetches() - fetched).as("one refresh, shared by the sends after it").isEqualTo(1);
        assertThat(bed.account.messages(bed.openId(li))).hasSize(3);
    }

    @Test
    void theDailyQuotaUsedUpIsQuotaExceeded() {
        Person li = bed.follower("Li Lei");
        bed.account.setQuota("/cgi-bin/message/template/send", 0);

        SendResult result = bed.send(TemplateChannel.CHANNEL, "order:1", li, template()).result();

        assertThat(result.failure().code()).isEqualTo("WECHAT_QUOTA_EXCEEDED");
        assertThat(result.retryable()).isFalse();
    }

    @Test
    void recipientsAndMessagesWeChatCannotTakeAreRefusedWithoutCallingIt() {
        Person li = bed.follower("Li Lei");
        long calls = tokenFetches();

        assertThat(bed.host.send(bed.plugin, WeChatTestBed.TENANT, TemplateChannel.CHANNEL, "k1",
                new Recipient("phone", null, "+8613800138000", null), template()).result().failure().code())
                .isEqualTo("WECHAT_NOT_AN_OPENID");
        assertThat(bed.host.send(bed.plugin, WeChatTestBed.TENANT, TemplateChannel.CHANNEL, "k2",
                new Recipient("wechat_openid", "wx0000000000000000", bed.openId(li), null), template()).result()
                .failure().code()).isEqualTo("WECHAT_ACCOUNT_UNKNOWN");
        assertThat(bed.send(TemplateChannel.CHANNEL, "k3", li, new Message(null, "hi", Map.of())).result().failure()
                .code()).isEqualTo("WECHAT_MESSAGE_INVALID");
        assertThat(bed.send(CustomerServiceChannel.CHANNEL, "k4", li, new Message(null, " ", Map.of())).result()
                .failure().code()).isEqualTo("WECHAT_MESSAGE_INVALID");
        assertThat(tokenFetches()).isEqualTo(calls);
    }

    private long tokenFetches() {
        Map<?, ?> used = (Map<?, ?>) bed.account.quotas().get("used");
        return used.get("/cgi-bin/token") instanceof Number n ? n.longValue() : 0;
    }

    /** Runs the tasks until the reports came: WeChat pushes a template job's result about half a second later. */
    private void awaitTasksAndReports(int count) throws InterruptedException {
        long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (bed.host.services().deliveries().reports(WeChatTestBed.TENANT).size() < count
                && System.nanoTime() < giveUp) {
            bed.runTasks();
            Thread.sleep(50);
        }
    }

    private static Message template() {
        return new Message(WeChatTestBed.TEMPLATE_ID, null, Map.of("url", "https://shop.example.com/orders/1",
                "data", Map.of("keyword1", "巧克力", "keyword2", Map.of("value", "39.8元", "color", "#173177"))));
    }
}
