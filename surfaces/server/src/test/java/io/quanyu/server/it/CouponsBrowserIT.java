package io.quanyu.server.it;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.quanyu.fakes.wechat.CardCode;
import io.quanyu.fakes.wechat.OfficialAccount;
import io.quanyu.fakes.wechat.Person;
import io.quanyu.fakes.wechat.WeChatFake;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coupons end to end in a real browser: globex's admin creates a cash-off template in the builder (the coupons
 * plugin's page and its generated form), activates it and takes its claim page; a follower of the WeChat fake's
 * official account opens the page through the WeChat login, claims the coupon and sees it among theirs, in
 * Chinese; the admin makes the template a WeChat card, and the follower adds the coupon to their WeChat card package
 * from "my coupons" (the page's script with the fake's JS-SDK); a POS redeems the code over the REST API, which
 * consumes it in WeChat; the page's campaign overview shows the claim, the redemption, the rate and the discount
 * given, in English and in Chinese.
 */
class CouponsBrowserIT extends RealServersIT {
    private static final String ID = "coupons";
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
    void anOperatorsTemplateIsClaimedByAFollowerOnThePhoneRedeemedAtThePosAndCountedInTheOverview() throws Exception {
        String admin = Tokens.demo("globex-admin");
        String appId = WeChatChannels.connect(api(), fake, port, "globex", admin, "cp", List.of(), Map.of());
        api().post("/api/v1/plugins", admin, "{\"pluginId\": \"" + ID + "\"}");
        var enabled = api().post("/api/v1/plugins/" + ID + "/enable", admin, "{\"settings\": {}}");
        assertThat(enabled.status()).as(enabled.raw()).isEqualTo(200);
        String key = "ui-" + UUID.randomUUID().toString().substring(0, 6);
        String name = "双十二满减 " + key;

        try (BuilderBrowser browser = new BuilderBrowser(port)) {
            Page page = browser.signIn("globex-admin", "/builder/plugin-pages/" + ID + "/templates");
            try {
                assertThat(page.locator("#plugin-page-title")).hasText("Coupon templates");
                page.locator(".plugin-page-action", new Page.LocatorOptions().setHasText("New template")).click();
                page.locator("#input-key input").fill(key);
                page.locator("#input-name input").fill(name);
                BuilderBrowser.choose(page, "#input-kind", "Cash off");
                page.locator("#input-amount-off input").fill("20");
                page.locator("#input-threshold input").fill("100");
                page.locator("#input-stock input").fill("50");
                page.locator("#input-valid-days input").fill("30");
                page.locator("#input-per-customer input").fill("1");
                BuilderBrowser.shot(page, "70-coupons-new-template");
                page.click("#run-operation");
                assertThat(page.locator("vaadin-notification-card").last()).containsText("status: draft");
                audienceTemplate(page, admin, key);
                BuilderBrowser.button(page, "Activate " + name).click();
                page.click("#run-operation");
                assertThat(page.locator("#plugin-page-records")).containsText("Active");
                BuilderBrowser.button(page, "Claim page " + name).click();
                page.locator("#input-account input").fill(appId);
                page.click("#run-operation");
                assertThat(page.locator("vaadin-notification-card").last())
                        .containsText("url: http://localhost:8080/hooks/globex/coupons/h5/claim/" + key);
            } catch (RuntimeException | AssertionError e) {
                BuilderBrowser.shot(page, "failure-coupons-builder");
                throw e;
            }

            var link = api().post("/api/v1/plugins/" + ID + "/operations/claimPage", admin,
                    Api.JSON.writeValueAsString(Map.of("input", Map.of("template", key, "account", appId))));
            assertThat(link.status()).as(link.raw()).isEqualTo(200);
            Person follower = fake.addPerson("小满");
            fake.actAs(appId, follower).follow();
            Page phone = browser.customer("zh-CN");
            String code;
            try {
                phone.navigate(WeChatChannels.throughLogin(link.json().path("wechatUrl").asString(), port, "/hooks/globex/" + ID + "/h5/"));
                phone.waitForURL("**/hooks/globex/coupons/h5/claim/" + key);
                assertThat(phone.locator(".coupon")).containsText("满100减20");
                assertThat(phone.locator(".rules")).containsText("领取后30天内有效");
                assertThat(phone.locator(".rules")).containsText("每人限领1张");
                assertThat(phone.locator("#left")).hasText("剩余 50 张");
                BuilderBrowser.shot(phone, "71-coupons-claim-page");
                phone.click("#claim");
                assertThat(phone.locator("#claimed")).containsText("领取成功");
                Locator mine = phone.locator(".coupon[data-status='claimed']");
                assertThat(mine).containsText("可使用");
                code = mine.getAttribute("data-code");
                BuilderBrowser.shot(phone, "72-coupons-mine");
            } catch (RuntimeException | AssertionError e) {
                BuilderBrowser.shot(phone, "failure-coupons-phone");
                throw e;
            }

            try {
                BuilderBrowser.button(page, "Sync to WeChat " + name).click();
                page.locator("#input-app-id input").fill(appId);
                page.locator("#input-brand-name input").fill("全域咖啡");
                page.locator("#input-logo-url input").fill("http://mmbiz.qpic.cn/quanyu-logo.png");
                BuilderBrowser.shot(page, "75-coupons-sync-to-wechat");
                page.click("#run-operation");
                assertThat(page.locator("vaadin-notification-card").last()).containsText("created: true");
            } catch (RuntimeException | AssertionError e) {
                BuilderBrowser.shot(page, "failure-coupons-sync");
                throw e;
            }
            OfficialAccount account = fake.account(appId);
            assertThat(account.cardIds()).hasSize(1);
            String openId = account.openId(follower);
            try {
                phone.reload();
                Locator add = phone.locator(".coupon[data-code='" + code + "'] button.add-card");
                assertThat(add).hasText("添加到微信卡包");
                add.click(); // the page's script, WeChat's JS-SDK (the fake's), wx.addCard
                assertThat(phone.locator(".coupon[data-code='" + code + "'] .in-wechat")).hasText("已添加到微信卡包");
                BuilderBrowser.shot(phone, "76-coupons-added-to-wechat");
                assertThat(account.cardCodes()).filteredOn(c -> c.code().equals(code)).singleElement()
                        .satisfies(c -> assertThat(c.openId()).isEqualTo(openId));
                Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    phone.reload(); // WeChat's user_get_card reached the coupon
                    assertThat(phone.locator(".coupon[data-code='" + code + "'] .in-wechat")).hasText("已在微信卡包");
                });
            } catch (RuntimeException | AssertionError e) {
                BuilderBrowser.shot(phone, "failure-coupons-add-card");
                throw e;
            }

            var redeemed = api().post("/api/v1/plugins/" + ID + "/operations/redeem", admin, Api.JSON.writeValueAsString(
                    Map.of("input", Map.of("code", code, "orderId", "pos-" + key, "orderAmount", 150))));
            assertThat(redeemed.status()).as(redeemed.raw()).isEqualTo(200);
            assertThat(redeemed.json().path("discount").asDouble()).isEqualTo(20.0);
            phone.navigate("http://127.0.0.1:" + port + "/hooks/globex/coupons/h5/mine");
            assertThat(phone.locator(".coupon[data-code='" + code + "']")).containsText("已使用");
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> account.cardCodes().stream()
                    .anyMatch(c -> c.code().equals(code) && c.status().equals(CardCode.CONSUMED)));

            try {
                page.reload();
                Locator overview = page.locator("#plugin-widget-campaignOverview");
                assertThat(overview).containsText("Campaign overview");
                assertThat(overview).containsText("Redemption rate");
                Locator row = overview.getByText(key, new Locator.GetByTextOptions().setExact(true));
                assertThat(row).isVisible();
                assertThat(overview).containsText("100.0%");
                assertThat(overview).containsText("20.00");
                BuilderBrowser.shot(page, "73-coupons-overview");
                page.click("#language");
                page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("中文").setExact(true)).click();
                assertThat(page.locator("#plugin-page-title")).hasText("券模板");
                assertThat(page.locator("#plugin-widget-campaignOverview")).containsText("活动概览");
                assertThat(page.locator("#plugin-widget-campaignOverview")).containsText("核销率");
                assertThat(page.locator("#plugin-widget-campaignOverview")).containsText("优惠成本");
                BuilderBrowser.shot(page, "74-coupons-overview-zh");
            } catch (RuntimeException | AssertionError e) {
                BuilderBrowser.shot(page, "failure-coupons-overview");
                throw e;
            }
        } finally {
            api().delete("/api/v1/plugins/" + ID, admin);
            api().delete("/api/v1/plugins/" + WeChatChannels.ID, admin); // WeChatBrowserIT connects globex in the builder
        }
    }

    /**
     * A second template for an audience, made in the builder: its segment picked from globex's segments, its rule
     * drawn in the segments' visual editor ({@code x-source: segments}, {@code x-format: rule}); both reach the
     * plugin as data.
     */
    private void audienceTemplate(Page page, String admin, String key) {
        String segment = "coupon_ui_" + key.substring(3);
        var made = api().send("PUT", "/api/v1/segments/" + segment, admin, "{\"names\": {\"en\": \"Coupon UI VIPs\", "
                + "\"zh-CN\": \"券界面会员\"}, \"rule\": {\"field\": \"tags\", \"op\": \"contains\", \"value\": \"vip\"}}");
        assertThat(made.status()).as(made.raw()).isEqualTo(200);
        page.locator(".plugin-page-action", new Page.LocatorOptions().setHasText("New template")).click();
        page.locator("#input-key input").fill(key + "-vip");
        page.locator("#input-name input").fill("VIP " + key);
        BuilderBrowser.choose(page, "#input-kind", "Free shipping");
        page.locator("#input-stock input").fill("10");
        page.locator("#input-valid-days input").fill("7");
        page.locator("#input-audience-segment input").fill("Coupon UI");
        page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("Coupon UI VIPs (" + segment + ")")
                .setExact(true)).click();
        page.locator("#input-audience .rule-add-condition").first().click();
        page.locator("#input-audience .rule-row").first().locator(".rule-value input").fill("gold");
        page.locator("#input-audience .rule-row").first().locator(".rule-value input").press("Tab");
        BuilderBrowser.shot(page, "77-coupons-audience");
        page.click("#run-operation");
        assertThat(page.locator("vaadin-notification-card").last()).containsText("status: draft");
        // the page shows the new template once its grid was drawn again: a click before then can land on a row
        // the redraw replaces, and is lost (a run once lost the next "Activate" so)
        assertThat(page.locator("#plugin-page-records")).containsText("VIP " + key);
        // the records' list is read from the search index, which follows the write within seconds
        JsonNode stored = Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (JsonNode record : api().get("/api/v1/records/couponsTemplate?first=100", admin).json().path("records")) {
                if ((key + "-vip").equals(record.path("key").asString())) {
                    return record;
                }
            }
            return null;
        }, java.util.Objects::nonNull);
        assertThat(stored.path("audienceSegment").asString()).isEqualTo(segment);
        assertThat(stored.path("audience").toString()).contains("\"tags\"", "\"contains\"", "\"gold\"");
    }
}
