package io.quanyu.server.it;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.quanyu.fakes.wechat.AccountConfig;
import io.quanyu.fakes.wechat.MessageCrypto;
import io.quanyu.fakes.wechat.MessageMode;
import io.quanyu.fakes.wechat.Person;
import io.quanyu.fakes.wechat.WeChatFake;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A tenant admin connects an official account of the WeChat fake in the builder (the channel plugin's settings
 * form), a follower follows, the admin writes a template with a personal field, previews it for the follower, sends
 * it on the customer-service channel and the follower receives it; the same in Chinese.
 */
class WeChatBrowserIT extends RealServersIT {
    private static final String ID = "channel-wechat";
    private static WeChatFake fake;

    @BeforeAll
    static void startFake() {
        fake = WeChatFake.builder().callbackDeadline(Duration.ofSeconds(5)).start();
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @Test
    void anAdminConnectsTheAccountWritesATemplateAndTheFollowerReceivesIt() {
        String admin = Tokens.demo("globex-admin");
        String appId = "wxui" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String aesKey = MessageCrypto.randomEncodingAesKey();
        fake.addAccount(new AccountConfig(appId, "ui-secret", "uiToken", aesKey, MessageMode.SAFE,
                "http://127.0.0.1:" + port + "/hooks/globex/" + ID + "/callback/" + appId, "gh_" + appId.substring(4), List.of()));
        api().post("/api/v1/plugins", admin, "{\"pluginId\": \"" + ID + "\"}");
        String name = "wx-ui-" + UUID.randomUUID().toString().substring(0, 6);

        try (BuilderBrowser browser = new BuilderBrowser(port)) {
            Page page = browser.signIn("globex-admin", "/builder/plugins/" + ID + "/settings");
            try {
                page.fill("#setting-app-id input", appId);
                page.fill("#setting-app-secret input", "ui-secret");
                page.fill("#setting-token input", "uiToken");
                page.fill("#setting-encoding-aes-key input", aesKey);
                BuilderBrowser.choose(page, "#setting-mode", "safe");
                page.fill("#setting-api-base-url input", "http://localhost:" + fake.port());
                BuilderBrowser.shot(page, "64-wechat-connect");
                page.click("#enable-plugin");
                await().atMost(Duration.ofSeconds(20)).until(() ->
                        api().get("/api/v1/plugins/" + ID, admin).json().path("enabled").asBoolean());

                Person person = fake.addPerson("小红");
                fake.actAs(appId, person).follow();
                String openId = fake.account(appId).openId(person);
                String customer = WeChatChannels.customerOf(api(), admin, appId, openId);

                page.navigate(browser.url("/builder/messaging"));
                page.locator("#template-name input").fill(name);
                BuilderBrowser.choose(page, "#template-channel", "wechat-cs");
                page.locator("#template-field-text textarea").fill("欢迎关注！您现在是我们的{{profile.stage}}");
                page.click("#template-save");
                assertThat(page.locator("#templates-grid")).containsText(name);
                BuilderBrowser.choose(page, "#customer-by", "Customer id");
                page.locator("#customer-value input").fill(customer);
                page.click("#template-preview-button");
                assertThat(page.locator(".template-preview-channel[data-channel='wechat-cs']")).containsText("欢迎关注！您现在是我们的");
                page.click("#template-send");
                assertThat(page.locator("#send-result")).hasAttribute("data-status", "sent");
                assertThat(page.locator("#send-result")).containsText("Sent on wechat-cs");
                assertThat(fake.account(appId).messages(openId).toString()).contains("欢迎关注");
                assertThat(api().get("/api/v1/customers/" + customer + "/timeline?types=message.sent", admin).raw())
                        .contains("wechat-cs");
                BuilderBrowser.shot(page, "65-wechat-sent");

                page.click("#language");
                page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("中文").setExact(true)).click();
                page.locator("#templates-grid").getByText(name).click();
                BuilderBrowser.choose(page, "#customer-by", "客户 ID");
                page.locator("#customer-value input").fill(customer);
                page.click("#template-send");
                assertThat(page.locator("#send-result")).containsText("已通过 wechat-cs 发送");
                assertThat(fake.account(appId).messages(openId)).hasSize(2);
                BuilderBrowser.shot(page, "66-wechat-sent-zh");
            } catch (RuntimeException | AssertionError e) {
                BuilderBrowser.shot(page, "failure-wechat");
                throw e;
            }
        }
    }
}
