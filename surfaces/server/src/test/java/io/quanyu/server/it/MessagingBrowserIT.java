package io.quanyu.server.it;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The builder's messaging screens on the real host, in English and Chinese: a template written with a personal field
 * for the SDK contract plugin's channel, previewed for a customer found by phone, sent, and found in the delivery log;
 * a viewer reads but can neither save nor send.
 */
class MessagingBrowserIT extends RealServersIT {
    private static final String ID = "sdk-contract";

    @Test
    void aTemplateWithAPersonalFieldIsPreviewedSentAndLogged() {
        String admin = Tokens.demo("acme-admin");
        api().post("/api/v1/plugins", admin, "{\"pluginId\": \"" + ID + "\"}");
        var enabled = api().post("/api/v1/plugins/" + ID + "/enable", admin, "{\"settings\": {\"token\": \"t-ui-msg\"}}");
        assertThat(enabled.status()).as(enabled.raw()).isEqualTo(200);
        String phone = "137" + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999);
        var tracked = api().post("/api/v1/events", admin, "{\"events\": [{\"eventId\": \"ui-msg-" + phone
                + "\", \"type\": \"page_view\", \"time\": \"2026-06-01T10:00:00Z\", \"identities\": {\"phone\": \"" + phone + "\"}}]}");
        String customer = tracked.json().path("results").get(0).path("customerId").asString();
        long version = api().get("/api/v1/records/customer/" + customer, admin).json().path("_version").asLong();
        api().send("PATCH", "/api/v1/records/customer/" + customer, admin, "{\"name\": \"王小明\", \"_version\": " + version + "}");
        String name = "ui-" + UUID.randomUUID().toString().substring(0, 6);
        String segment = "ui_seg_" + name.substring(3).replace("-", "");
        api().send("PUT", "/api/v1/segments/" + segment, admin, "{\"names\": {\"en\": \"UI audience\", \"zh-CN\": \"界面人群\"}, "
                + "\"rule\": {\"field\": \"tags\", \"op\": \"contains\", \"value\": \"" + segment + "\"}}");
        api().post("/api/v1/customers/" + customer + "/tags", admin, "{\"tag\": \"" + segment + "\"}");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() ->
                api().get("/api/v1/segments/" + segment, admin).json().path("count").asLong() == 1);

        try (BuilderBrowser browser = new BuilderBrowser(port)) {
            Page page = browser.signIn("acme-admin", "/builder/messaging");
            try {
                page.locator("#template-name input").fill(name);
                page.locator("#template-description input").fill("welcome");
                BuilderBrowser.choose(page, "#template-channel", "contract-sms");
                page.locator("#template-field-text textarea").fill("{{customer.name}}，欢迎加入！");
                page.click("#template-save");
                assertThat(page.locator("vaadin-notification-card").last()).containsText("saved");
                assertThat(page.locator("#templates-grid")).containsText(name);

                page.locator("#customer-value input").fill(phone);
                page.click("#template-preview-button");
                assertThat(page.locator(".template-preview-channel[data-channel='contract-sms']")).containsText("王小明，欢迎加入！");
                page.click("#template-send");
                assertThat(page.locator("#send-result")).hasAttribute("data-status", "sent");
                assertThat(page.locator("#send-result")).containsText("Sent on contract-sms");
                BuilderBrowser.assertAccessible(page);
                BuilderBrowser.shot(page, "60-messaging-template");

                page.locator("#send-segment input").fill(segment);
                page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("UI audience (" + segment + ")")).click();
                page.click("#template-send-segment");
                assertThat(page.locator("#send-result")).hasAttribute("data-status", "broadcast");
                String broadcast = page.locator("#send-result").getAttribute("data-broadcast");
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> api()
                        .get("/api/v1/messaging/broadcasts/" + broadcast, admin).json().path("status").asString().equals("done"));
                assertThat(api().get("/api/v1/messaging/broadcasts/" + broadcast, admin).json().path("outcomes").path("sent")
                        .asLong()).isEqualTo(1);
                BuilderBrowser.shot(page, "60b-messaging-to-segment");

                page.locator("#tab-deliveries").click();
                assertThat(page.locator("#deliveries-grid")).containsText(name);
                assertThat(page.locator("#deliveries-grid")).containsText(customer);
                BuilderBrowser.shot(page, "61-messaging-deliveries");
                String log = api().get("/api/v1/messaging/deliveries?customerId=" + customer, admin).raw();
                assertThat(log).contains(name).contains("\"status\":\"sent\"");
                assertThat(api().get("/api/v1/customers/" + customer + "/timeline?types=message.sent", admin).raw())
                        .contains("contract-sms");

                page.navigate(browser.url("/builder/customers/" + customer));
                assertThat(page.locator("#consent-panel")).containsText("Nothing recorded");
                page.locator(".consent-withdraw[data-channel='contract-sms']").click();
                assertThat(page.locator("#consent-grid")).containsText("Withdrawn");
                assertThat(page.locator("#customer-profile")).containsText("message.sent");
                BuilderBrowser.shot(page, "61b-customer-consent");
                page.navigate(browser.url("/builder/messaging"));
                page.locator("#templates-grid").getByText(name).click();
                page.locator("#customer-value input").fill(phone);
                page.click("#template-send");
                assertThat(page.locator("#send-result")).hasAttribute("data-status", "skipped");
                assertThat(page.locator("#send-result")).containsText("NO_CONSENT");
                page.navigate(browser.url("/builder/customers/" + customer));
                page.locator(".consent-grant[data-channel='contract-sms']").click();
                assertThat(page.locator("#consent-grid")).containsText("Granted");
                page.navigate(browser.url("/builder/messaging"));

                page.click("#language");
                page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("中文").setExact(true)).click();
                assertThat(page.locator("h2")).containsText("消息");
                page.locator("#tab-templates").click();
                assertThat(page.locator("#template-save")).containsText("保存模板");
                page.locator("#templates-grid").getByText(name).click();
                assertThat(page.locator("#template-field-text textarea")).hasValue("{{customer.name}}，欢迎加入！");
                page.locator("#customer-value input").fill(phone);
                page.click("#template-send");
                assertThat(page.locator("#send-result")).containsText("已通过 contract-sms 发送");
                page.locator("#tab-messaging-settings").click();
                assertThat(page.locator("#tab-messaging-settings")).containsText("发送规则");
                assertThat(page.locator("#quiet-hours")).containsText("免打扰");
                BuilderBrowser.shot(page, "62-messaging-zh");
            } catch (RuntimeException | AssertionError e) {
                BuilderBrowser.shot(page, "failure-messaging");
                throw e;
            }

            Page viewer = browser.signIn("acme-viewer", "/builder/messaging");
            try {
                assertThat(viewer.locator("#templates-grid")).containsText(name);
                assertThat(viewer.locator("#template-save")).isDisabled();
                assertThat(viewer.locator("#template-send")).isDisabled();
                BuilderBrowser.shot(viewer, "63-messaging-viewer");
            } catch (RuntimeException | AssertionError e) {
                BuilderBrowser.shot(viewer, "failure-messaging-viewer");
                throw e;
            }
        }
    }
}
