package io.quanyu.server.it;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages a plugin declares in its manifest, drawn by the builder in a real browser: the SDK contract plugin's
 * "Contract stock" page is in acme-admin's navigation once the plugin is enabled; it lists the plugin's stock records,
 * filters them, stocks up through a form generated from the operation's input (a bad value is shown at its field),
 * claims one item on a row (the record's SKU preset, the claim id asked for) and shows the plugin's widget; in
 * Chinese too. acme-viewer sees the page, the records and the widget, and no action.
 */
class PluginPagesBrowserIT extends RealServersIT {
    private static final String ID = "sdk-contract";

    @Test
    void aPluginsDeclaredPageListsItsRecordsRunsItsOperationsAndShowsItsWidget() {
        String admin = Tokens.demo("acme-admin");
        api().post("/api/v1/plugins", admin, "{\"pluginId\": \"" + ID + "\"}");
        var enabled = api().post("/api/v1/plugins/" + ID + "/enable", admin, "{\"settings\": {\"token\": \"t-pages\"}}");
        assertThat(enabled.status()).as(enabled.raw()).isEqualTo(200);
        String tag = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        String cup = "PAGE-" + tag;
        String mug = "MUG-" + tag;
        var made = api().post("/api/v1/plugins/" + ID + "/operations/stockUp", admin,
                "{\"input\": {\"sku\": \"" + cup + "\", \"quantity\": 900}}");
        assertThat(made.status()).as(made.raw()).isEqualTo(200);

        try (BuilderBrowser browser = new BuilderBrowser(port)) {
            Page page = browser.signIn("acme-admin", "/builder/objects");
            try {
                Locator entry = page.locator(".plugin-page-nav[data-plugin='" + ID + "']");
                assertThat(entry).containsText("Contract stock");
                entry.click();
                assertThat(page.locator("#plugin-page-title")).hasText("Contract stock");
                Locator records = page.locator("#plugin-page-records");
                filterBySku(page, cup);
                assertThat(records).containsText(cup);
                assertThat(records).containsText("Remaining");
                assertThat(page.locator("#plugin-page-total")).containsText("1");

                page.locator(".plugin-page-action", new Page.LocatorOptions().setHasText("Stock up")).click();
                page.locator("#input-sku input").fill("not a sku");
                page.locator("#input-quantity input").fill("3");
                page.click("#run-operation");
                assertThat(page.locator("#input-sku")).hasAttribute("invalid", "");
                page.locator("#input-sku input").fill(mug);
                page.click("#run-operation");
                assertThat(page.locator("vaadin-notification-card")).containsText("Stock up done");
                filterBySku(page, tag);
                assertThat(records).containsText(mug);
                assertThat(page.locator("#plugin-page-total")).containsText("2");

                // by role: the grid keeps rendered rows it is not showing, which only the accessibility tree leaves out
                BuilderBrowser.button(page, "Claim one " + cup).click();
                assertThat(page.locator("#operation-dialog")).not().containsText("SKU");
                page.locator("#input-claim-id input").fill("browser-1");
                page.click("#run-operation");
                assertThat(page.locator("vaadin-notification-card").last()).containsText("remaining: 899");
                assertThat(records).containsText("899");

                Locator widget = page.locator("#plugin-widget-stockLeft");
                assertThat(widget).containsText("Stock left");
                assertThat(widget).containsText("Remaining"); // headed by the object's field labels
                assertThat(widget).containsText("899"); // refreshed after the claim
                BuilderBrowser.assertAccessible(page);
                BuilderBrowser.shot(page, "53-plugin-page");

                page.click("#language");
                page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("中文").setExact(true)).click();
                assertThat(page.locator("#plugin-page-title")).hasText("契约库存");
                assertThat(page.locator(".plugin-page-nav[data-plugin='" + ID + "']")).containsText("契约库存");
                assertThat(page.locator(".plugin-page-action")).containsText("补货");
                assertThat(page.locator("#plugin-widget-stockLeft")).containsText("剩余库存");
                assertThat(page.locator("#plugin-widget-stockLeft")).containsText("剩余");
                assertThat(records).containsText("剩余");
                filterBySku(page, cup);
                assertThat(BuilderBrowser.button(page, "领取一件 " + cup)).isVisible();
                BuilderBrowser.shot(page, "54-plugin-page-zh");
            } catch (RuntimeException | AssertionError e) {
                BuilderBrowser.shot(page, "failure-plugin-page");
                throw e;
            }

            page.navigate(browser.url("/builder/plugins"));
            assertThat(page.locator("#status-" + ID + " .plugin-needs")).hasText("需要 loyalty");

            Page viewer = browser.signIn("acme-viewer", "/builder/plugin-pages/" + ID + "/stock");
            try {
                filterBySku(viewer, cup);
                assertThat(viewer.locator("#plugin-page-records")).containsText(cup);
                assertThat(viewer.locator("#plugin-widget-stockLeft")).containsText("Stock left");
                assertThat(viewer.locator(".plugin-page-action")).hasCount(0);
                assertThat(viewer.locator(".plugin-row-action")).hasCount(0);
                BuilderBrowser.shot(viewer, "55-plugin-page-viewer");
            } catch (RuntimeException | AssertionError e) {
                BuilderBrowser.shot(viewer, "failure-plugin-page-viewer");
                throw e;
            }
        }
    }


    private static void filterBySku(Page page, String sku) {
        page.locator("#page-filter-sku input").fill(sku);
        page.click("#page-apply-filter");
    }
}
