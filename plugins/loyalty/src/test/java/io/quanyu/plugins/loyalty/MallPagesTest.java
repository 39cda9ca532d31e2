package io.quanyu.plugins.loyalty;

import io.quanyu.plugin.sdk.PluginCallException;
import io.quanyu.plugin.sdk.webhook.WebhookResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The member's H5 mall and the operator's overview on the test kit. */
class MallPagesTest {
    private final LoyaltyHost loyalty = new LoyaltyHost(Instant.parse("2026-03-10T04:00:00Z"));

    @AfterEach
    void close() {
        loyalty.close();
    }

    @Test
    void aMemberSeesTheirPointsAndTierAndRedeemsOnceByAFormInChineseOrEnglish() {
        loyalty.op("defineProgram", Map.of("key", "shop", "name", "全域会员", "pointsName", "全域币", "expiry", "months",
                "expiryMonths", 12, "pointsPerYuan", 1, "unitValue", 0.01, "tiers", List.of(
                        Map.of("key", "silver", "name", "银卡会员", "threshold", 0),
                        Map.of("key", "gold", "name", "金卡会员", "threshold", 1000))));
        loyalty.op("defineItem", Map.of("key", "mug", "program", "shop", "name", "马克杯", "kind", "goods", "pricePoints", 300,
                "stock", 5, "description", "陶瓷 350ml"));
        loyalty.op("defineItem", Map.of("key", "bag", "program", "shop", "name", "帆布袋", "kind", "goods", "pricePoints", 5000,
                "stock", 5));
        loyalty.op("defineItem", Map.of("key", "pin", "program", "shop", "name", "徽章", "kind", "custom", "pricePoints", 10,
                "perMember", 1));
        String ann = loyalty.member("13900001301");
        loyalty.order("13900001301", "SO-1", "order", 800, Map.of());
        loyalty.deliver();
        String session = loyalty.host.services().sessions(LoyaltyHost.TENANT).issue(ann, Duration.ofDays(1));
        Map<String, Object> link = loyalty.op("mallPage", Map.of("program", "shop", "account", "wxdemo123456"));
        assertThat((String) link.get("url")).endsWith("/hooks/acme/loyalty/h5/mall/shop");
        assertThat((String) link.get("wechatUrl")).contains("/hooks/acme/channel-wechat/oauth?account=wxdemo123456&scope=snsapi_base&to=");

        WebhookResponse opened = get("h5/mall/shop?session=" + session, Map.of());
        assertThat(opened.status()).isEqualTo(302);
        assertThat(opened.header("Location")).isEqualTo("/hooks/acme/loyalty/h5/mall/shop");
        Map<String, String> cookie = Map.of("Cookie", "quanyu_session=" + session);
        String page = html(get("h5/mall/shop", cookie));
        assertThat(page).contains("全域会员", "<b id=\"balance\">800</b> 全域币", "银卡会员", "再获得 200 全域币升级为金卡会员",
                "800 全域币将于 2027-03-10 过期", "马克杯", "陶瓷 350ml", "300 全域币", "剩余 5 件", "帆布袋");
        String key = page.replaceAll("(?s).*name=\"item\" value=\"mug\"><input type=\"hidden\" name=\"key\" value=\"([0-9a-f]+)\".*", "$1");

        WebhookResponse redeemed = post(cookie, "item=mug&key=" + key);
        assertThat(redeemed.status()).isEqualTo(302);
        assertThat(post(cookie, "item=mug&key=" + key).header("Location")).as("the same form again").isEqualTo(redeemed.header("Location"));
        String after = html(get(redeemed.header("Location").substring("/hooks/acme/loyalty/".length()), cookie));
        assertThat(after).contains("兑换成功", "<b id=\"balance\">500</b>", "剩余 4 件", "我的兑换", "马克杯 · 已兑换");
        String pinKey = after.replaceAll("(?s).*name=\"item\" value=\"pin\"><input type=\"hidden\" name=\"key\" value=\"([0-9a-f]+)\".*", "$1");
        post(cookie, "item=pin&key=" + pinKey);
        assertThat(html(get("h5/mall/shop", cookie))).as("one pin a member").contains("disabled>已达兑换上限");
        String bagKey = after.replaceAll("(?s).*name=\"item\" value=\"bag\"><input type=\"hidden\" name=\"key\" value=\"([0-9a-f]+)\".*", "$1");
        assertThat(html(post(cookie, "item=bag&key=" + bagKey))).contains("data-code=\"INSUFFICIENT_POINTS\"", "积分不足");
        assertThat(html(post(cookie, "item=bag&key=not-a-key"))).contains("data-code=\"FORM_INVALID\"");
        assertThat(html(get("h5/mall/shop?lang=en", cookie))).contains("lang=\"en\"", "Redeem your points", "My redemptions",
                "200 more 全域币 to reach 金卡会员");
        assertThat(html(get("h5/mall/nope", cookie))).contains("没有这个积分计划");
        assertThat(catchThrowableOfType(PluginCallException.class, () -> get("h5/mall/shop", Map.of())).code())
                .as("no session").isEqualTo("CUSTOMER_SESSION_REQUIRED");

        assertThat(loyalty.host.widget(loyalty.plugin, LoyaltyHost.TENANT, "programOverview", Map.of())).singleElement()
                .isEqualTo(Map.of("program", "shop", "name", "全域会员", "members", 1L, "outstanding", 490L, "liability", "4.90",
                        "expiringIn30Days", 0L, "redemptions", 2L));
        loyalty.at(Instant.parse("2027-02-20T00:00:00Z"));
        assertThat(loyalty.op("programOverview", Map.of("program", "shop"))).as("a liability that expires within 30 days")
                .containsEntry("expiringIn30Days", 490L).containsEntry("liability", "4.90");
        loyalty.at(Instant.parse("2027-03-11T00:00:00Z"));
        assertThat(loyalty.op("programOverview", Map.of("program", "shop"))).containsEntry("outstanding", 0L)
                .containsEntry("liability", "0.00");
    }

    private WebhookResponse get(String target, Map<String, String> headers) {
        return loyalty.host.webhook(loyalty.plugin, LoyaltyHost.TENANT, "GET", target, headers, new byte[0], "127.0.0.1");
    }

    private WebhookResponse post(Map<String, String> cookie, String form) {
        return loyalty.host.webhook(loyalty.plugin, LoyaltyHost.TENANT, "POST", "h5/mall/shop", cookie,
                form.getBytes(StandardCharsets.UTF_8), "127.0.0.1");
    }

    private static String html(WebhookResponse response) {
        assertThat(response.contentType()).startsWith("text/html");
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
