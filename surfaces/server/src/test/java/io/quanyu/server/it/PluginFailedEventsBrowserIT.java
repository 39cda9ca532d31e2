package io.quanyu.server.it;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The events a plugin's subscription could not handle, on the plugin's page in a real browser: the SDK contract
 * plugin refuses a poison signal every time; acme-admin sees it (subscription, customer, events, the plugin's error),
 * tries it again and is told it failed again; acme-viewer sees the same list, in Chinese too, without the button;
 * acme-builder finds the plugin's object type and its records read-only.
 */
class PluginFailedEventsBrowserIT extends RealServersIT {
    private static final String ID = "sdk-contract";

    @Test
    void aTenantSeesTheEventsItsPluginCouldNotHandleAndAnAdminTriesThemAgain() {
        String admin = Tokens.demo("acme-admin");
        api().post("/api/v1/plugins", admin, "{\"pluginId\": \"" + ID + "\"}");
        var enabled = api().post("/api/v1/plugins/" + ID + "/enable", admin, "{\"settings\": {\"token\": \"t-ui\"}}");
        assertThat(enabled.status()).as(enabled.raw()).isEqualTo(200);
        var signal = api().post("/hooks/acme/" + ID + "/signal", null, "poison", "X-Contract-Token", "t-ui",
                "X-Phone", "13700137000", "X-Signal-Id", "ui-poison");
        String customer = signal.json().path("customerId").asString();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api().get("/api/v1/plugins/" + ID + "/dead-letters", admin).raw().contains("signal-ui-poison"));

        try (BuilderBrowser browser = new BuilderBrowser(port)) {
            Page page = browser.signIn("acme-admin", "/builder/plugins/" + ID + "/settings");
            try {
                var grid = page.locator("#failed-events-grid");
                assertThat(grid).containsText("SIGNAL_POISONED");
                assertThat(grid).containsText("signals");
                assertThat(page.locator(".failed-event-customer")).hasAttribute("title", customer);
                assertThat(grid).containsText("signal-ui-poison");
                BuilderBrowser.assertAccessible(page);
                BuilderBrowser.shot(page, "50-plugin-failed-events");
                page.locator(".replay-failed-event").first().click();
                assertThat(page.locator("vaadin-notification-card")).containsText("failed again");
                assertThat(grid).containsText("SIGNAL_POISONED");
            } catch (RuntimeException | AssertionError e) {
                BuilderBrowser.shot(page, "failure-plugin-failed-events");
                throw e;
            }

            Page viewer = browser.signIn("acme-viewer", "/builder/plugins/" + ID + "/settings");
            try {
                assertThat(viewer.locator("#failed-events-grid")).containsText("SIGNAL_POISONED");
                assertThat(viewer.locator(".replay-failed-event")).hasCount(0);
                viewer.click("#language");
                viewer.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("中文").setExact(true)).click();
                assertThat(viewer.locator("#failed-events")).containsText("插件未能处理的事件");
                assertThat(viewer.locator("#failed-events-grid")).containsText("尝试次数");
                assertThat(viewer.locator("#settings-form")).containsText("信号令牌");
                BuilderBrowser.shot(viewer, "51-plugin-failed-events-zh");
            } catch (RuntimeException | AssertionError e) {
                BuilderBrowser.shot(viewer, "failure-plugin-failed-events-viewer");
                throw e;
            }

            Page builder = browser.signIn("acme-builder", "/builder/objects");
            try {
                pluginsObjectIsReadOnly(builder);
            } catch (RuntimeException | AssertionError e) {
                BuilderBrowser.shot(builder, "failure-plugin-objects");
                throw e;
            }
        }
    }

    /**
     * The plugin's object type and records in the builder: listed with their plugin, no edit button, no new record,
     * import or row actions, and the designer sends a builder who types its address back to the list.
     */
    private void pluginsObjectIsReadOnly(Page page) {
        var objects = page.locator("#objects");
        assertThat(objects).containsText("sdkcontractProbe");
        assertThat(objects).containsText(ID);
        assertThat(page.locator("[aria-label='Edit sdkcontractProbe']")).hasCount(0);
        assertThat(page.locator(".edit-object").first()).isVisible();
        page.navigate("http://127.0.0.1:" + port + "/builder/records/sdkcontractProbe");
        assertThat(page.locator("#managed-by-plugin")).containsText(ID);
        assertThat(page.locator("#new-record")).hasCount(0);
        assertThat(page.locator("#import-csv")).hasCount(0);
        BuilderBrowser.shot(page, "52-plugin-object-read-only");
        page.navigate("http://127.0.0.1:" + port + "/builder/objects/sdkcontractProbe/edit");
        assertThat(page.locator("#objects")).isVisible();
    }
}
