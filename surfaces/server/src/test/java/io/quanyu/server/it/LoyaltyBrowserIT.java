package io.quanyu.server.it;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.quanyu.fakes.wechat.Person;
import io.quanyu.fakes.wechat.WeChatFake;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loyalty end to end in a real browser: globex's admin sets up a points program in the builder (the loyalty plugin's
 * pages and generated forms: the program, its two tiers, a coupon of the coupons plugin in the points mall); a follower
 * of the WeChat fake's official account buys through the order API and earns points and the gold tier; on the phone,
 * through the WeChat login, they see their balance and tier in the H5 mall, redeem the coupon and get its code, in
 * Chinese and in English; the admin sees the program's liability in the overview, in English and in Chinese.
 */
class LoyaltyBrowserIT extends RealServersIT {
    private static final String ID = "loyalty";
    private static WeChatFake fake;

    @BeforeAll
    static void startFake() {
        fake = WeChatFake.start();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @Test
    void anOperatorsProgramIsEarnedByAnOrderAndItsCouponRedeemedInTheH5MallInChineseAndEnglish() throws Exception {
        String admin = Tokens.demo("globex-admin");
        String appId = WeChatChannels.connect(api(), fake, port, "globex", admin, "ly", List.of(), Map.of());
        for (String plugin : List.of("coupons", ID)) {
            api().post("/api/v1/plugins", admin, "{\"pluginId\": \"" + plugin + "\"}");
            var enabled = api().post("/api/v1/plugins/" + plugin + "/enable", admin, "{\"settings\": {}}");
            assertThat(enabled.status()).as(enabled.raw()).isEqualTo(200);
        }
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 6);
        String program = "vip-" + run;
        String coupon = "ten-" + run;
        call("coupons", "defineTemplate", Map.of("key", coupon, "name", "10 元券", "kind", "amountOff", "amountOff", 10,
                "threshold", 50, "stock", 100, "validDays", 30, "codePrefix", "TEN"));
        call("coupons", "setTemplateStatus", Map.of("key", coupon, "status", "active"));

        try (BuilderBrowser browser = new BuilderBrowser(port)) {
            Page page = browser.signIn("globex-admin", "/builder/plugin-pages/" + ID + "/programs");
            String name = "全域会员 " + run;
            try {
                assertThat(page.locator("#plugin-page-title")).hasText("Points programs");
                page.locator(".plugin-page-action", new Page.LocatorOptions().setHasText("New program")).click();
                page.locator("#input-key input").fill(program);
                page.locator("#input-name input").fill(name);
                page.locator("#input-points-name input").fill("全域币");
                page.locator("#input-points-per-yuan input").fill("1");
                page.locator("#input-unit-value input").fill("0.01");
                BuilderBrowser.choose(page, "#input-expiry", "Months after earning");
                page.locator("#input-expiry-months input").fill("12");
                BuilderBrowser.choose(page, "#input-tier-basis", "Amount spent");
                BuilderBrowser.shot(page, "80-loyalty-new-program");
                page.click("#run-operation");
                assertThat(page.locator("vaadin-notification-card").last()).containsText("created: true");
                assertThat(page.locator("#plugin-page-records")).containsText(name);
                tier(page, name, "silver", "银卡会员", "0", null);
                tier(page, name, "gold", "金卡会员", "500", "1.5");
                BuilderBrowser.shot(page, "81-loyalty-tier");

                page.navigate("http://127.0.0.1:" + port + "/builder/plugin-pages/" + ID + "/mall");
                assertThat(page.locator("#plugin-page-title")).hasText("Points mall");
                assertThat(page.locator("#operation-dialog")).isHidden();
                page.locator(".plugin-page-action", new Page.LocatorOptions().setHasText("New item")).click();
                page.locator("#input-key input").fill(coupon);
                page.locator("#input-program input").fill(program);
                page.locator("#input-name input").fill("10 元无门槛券");
                BuilderBrowser.choose(page, "#input-kind", "Coupon");
                page.locator("#input-price-points input").fill("100");
                page.locator("#input-per-member input").fill("1");
                page.locator("#input-coupon input").fill(coupon);
                BuilderBrowser.shot(page, "82-loyalty-new-item");
                page.click("#run-operation");
                assertThat(page.locator("vaadin-notification-card").last()).containsText("pricePoints: 100");
            } catch (RuntimeException | AssertionError e) {
                BuilderBrowser.shot(page, "failure-loyalty-builder");
                throw e;
            }

            Person follower = fake.addPerson("小积");
            fake.actAs(appId, follower).follow();
            String openId = fake.account(appId).openId(follower);
            String member = WeChatChannels.customerOf(api(), admin, appId, openId);
            var paid = api().post("/api/v1/orders", admin, """
                    {"orders": [{"orderNo": "LB-%s", "identities": {"wechat_openid": {"scope": "%s", "value": "%s"}},
                      "status": "paid", "total": {"amount": 600, "currency": "CNY"}, "orderedAt": "%s"}]}"""
                    .formatted(run, appId, openId, Instant.now().minusSeconds(60)));
            assertThat(paid.json().path("results").get(0).path("customerId").asString()).as(paid.raw()).isEqualTo(member);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> call(ID, "memberStatus",
                    Map.of("program", program, "customerId", member)).json().path("tier").asString().equals("gold"));

            var link = call(ID, "mallPage", Map.of("program", program, "account", appId));
            assertThat(link.status()).as(link.raw()).isEqualTo(200);
            Page phone = browser.customer("zh-CN");
            try {
                phone.navigate(WeChatChannels.throughLogin(link.json().path("wechatUrl").asString(), port, "/hooks/globex/" + ID + "/h5/"));
                phone.waitForURL("**/hooks/globex/loyalty/h5/mall/" + program);
                assertThat(phone.locator("#balance")).hasText("600");
                assertThat(phone.locator("#tier")).hasText("金卡会员");
                assertThat(phone.locator("#member")).containsText("全域币");
                assertThat(phone.locator("#expiry")).containsText("600 全域币将于");
                Locator item = phone.locator(".item[data-item='" + coupon + "']");
                assertThat(item).containsText("100 全域币");
                BuilderBrowser.shot(phone, "83-loyalty-mall");
                item.locator("button.redeem").click();
                assertThat(phone.locator("#redeemed")).hasText("兑换成功");
                assertThat(phone.locator("#balance")).hasText("500");
                assertThat(phone.locator(".redemption[data-status='confirmed']")).containsText("已兑换");
                assertThat(phone.locator(".coupon-code")).containsText("TEN");
                BuilderBrowser.shot(phone, "84-loyalty-redeemed");
                phone.navigate(phone.url().replaceAll("\\?.*", "") + "?lang=en");
                assertThat(phone.locator("#member")).containsText("500");
                assertThat(phone.locator("h2").first()).hasText("Redeem your points");
                assertThat(phone.locator(".redemption")).containsText("Redeemed");
                assertThat(phone.locator(".item[data-item='" + coupon + "'] button.redeem")).isDisabled();
                BuilderBrowser.shot(phone, "85-loyalty-mall-en");
            } catch (RuntimeException | AssertionError e) {
                BuilderBrowser.shot(phone, "failure-loyalty-phone");
                throw e;
            }
            String code = phone.locator(".coupon-code").first().textContent();
            assertThat(api().get("/api/v1/customers/" + member + "/timeline?types=points.earned,tier.changed,mall.redeemed,coupon.claimed",
                    admin).raw()).as("the member's timeline").contains("points.earned", "tier.changed", "mall.redeemed");
            assertThat(call("coupons", "validate", Map.of("code", code, "orderAmount", 80)).raw()).contains("\"valid\":true");

            try {
                page.navigate("http://127.0.0.1:" + port + "/builder/plugin-pages/" + ID + "/programs");
                Locator overview = page.locator("#plugin-widget-programOverview");
                assertThat(overview).containsText("Program overview");
                assertThat(overview).containsText("Liability (yuan)");
                assertThat(overview.getByText(program, new Locator.GetByTextOptions().setExact(true))).isVisible();
                assertThat(overview).containsText("5.00");
                BuilderBrowser.shot(page, "86-loyalty-overview");
                page.click("#language");
                page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("中文").setExact(true)).click();
                assertThat(page.locator("#plugin-page-title")).hasText("积分计划");
                assertThat(page.locator("#plugin-widget-programOverview")).containsText("积分负债（元）");
                BuilderBrowser.shot(page, "87-loyalty-overview-zh");
            } catch (RuntimeException | AssertionError e) {
                BuilderBrowser.shot(page, "failure-loyalty-overview");
                throw e;
            }
        } finally {
            api().delete("/api/v1/plugins/" + ID, admin);
            api().delete("/api/v1/plugins/coupons", admin);
            api().delete("/api/v1/plugins/" + WeChatChannels.ID, admin);
        }
    }

    /** Adds a tier to the program through its row action's form. */
    private static void tier(Page page, String program, String key, String name, String threshold, String multiplier) {
        assertThat(page.locator("#operation-dialog")).isHidden(); // a click while the last dialog closes is lost
        BuilderBrowser.button(page, "Tier " + program).click();
        page.locator("#input-key input").fill(key);
        page.locator("#input-name input").fill(name);
        page.locator("#input-threshold input").fill(threshold);
        if (multiplier != null) {
            page.locator("#input-multiplier input").fill(multiplier);
        }
        page.click("#run-operation");
        assertThat(page.locator("vaadin-notification-card").last()).containsText(key);
    }

    private Api.Reply call(String plugin, String operation, Map<String, Object> input) {
        return api().post("/api/v1/plugins/" + plugin + "/operations/" + operation, Tokens.demo("globex-admin"),
                Api.JSON.writeValueAsString(Map.of("input", input)));
    }
}
