package io.quanyu.server.it;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * The no-code builder in a real browser (Debian's Chromium, Playwright) through the real Keycloak login page: a
 * builder designs the object 门店活动 with six fields of different types, creates three records, filters them, makes
 * an edit the server refuses and sees the message at that field, deletes a record and switches to Chinese; a viewer
 * sees the records without any edit control. Screenshots of each screen go to target/screenshots/.
 */
class BuilderBrowserIT extends RealServersIT {
    private final String object = "storeEvent" + UUID.randomUUID().toString().substring(0, 6);

    @Test
    void builderDesignsAnObjectAndWorksWithItsRecordsAndAViewerOnlyReads() {
        try (BuilderBrowser browser = new BuilderBrowser(port)) {
            Page builder = browser.signIn("acme-builder", "/builder/objects");
            assertThat(builder.locator("#header-tenant")).containsText("acme");
            try {
                designObject(builder);
                workWithRecords(builder);
                changeObject(builder);
                switchLanguage(builder);
                signOut(builder);
            } catch (RuntimeException | AssertionError e) {
                shot(builder, "failure-builder");
                throw e;
            }
            viewerOnlyReads(browser.signIn("acme-viewer", "/builder/records/" + object));
        }
    }

    private void designObject(Page page) {
        // a tenant's objects, newest first (other tests' objects may fill the first screen, so no name is asserted)
        assertThat(page.locator("#objects vaadin-grid-cell-content").first()).isVisible();
        shot(page, "01-objects");
        page.click("#new-object");
        page.fill("#designer-apiName input", object);
        page.fill("#designer-labelEn input", "Store event");
        page.fill("#designer-labelZh input", "门店活动");
        field(page, 0, "title", "text", "Title", "标题");
        page.locator("#field-0-required input").check();
        page.fill("#field-0-maxLength input", "40");
        field(page, 1, "seats", "integer", "Seats", "座位");
        page.fill("#field-1-min input", "0");
        field(page, 2, "price", "decimal", "Price", "价格");
        field(page, 3, "startsOn", "date", "Starts on", "开始日期");
        field(page, 4, "channel", "singleSelect", "Channel", "渠道");
        page.fill("#field-4-options input", "online=Online/线上, store=In store/门店");
        field(page, 5, "vip", "boolean", "VIP only", "仅限会员");
        page.click("#preview-schema");
        assertThat(page.locator("#schema-preview")).containsText("\"seats\"");
        assertThat(page.locator("#schema-preview")).containsText("\"minimum\"");
        assertThat(page.locator("#schema-preview")).containsText("\"maxLength\" : 40");
        page.locator("#field-4-options").scrollIntoViewIfNeeded();
        shot(page, "02-designer");
        BuilderBrowser.assertAccessible(page);
        page.locator("#schema-preview").scrollIntoViewIfNeeded();
        shot(page, "03-designer-schema");
        page.click("#save-object");
        assertThat(page.locator("#objects")).containsText(object);
        assertThat(page.locator("#objects")).containsText("Store event");
    }

    private static void field(Page page, int index, String apiName, String type, String en, String zh) {
        if (index > 0) {
            page.click("#add-field");
        }
        String prefix = "#field-" + index + "-";
        page.fill(prefix + "apiName input", apiName);
        page.click(prefix + "type");
        page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName(type).setExact(true)).click();
        page.fill(prefix + "labelEn input", en);
        page.fill(prefix + "labelZh input", zh);
    }

    private void workWithRecords(Page page) {
        page.navigate("http://127.0.0.1:" + port + "/builder/records/" + object);
        assertThat(page.locator("#records-total")).hasText("No records");
        record(page, "Spring launch", "30", "12.50", "Online");
        record(page, "Summer sale", "50", "8", "In store");
        record(page, "Autumn fair", "80", "20.25", "Online");
        assertThat(page.locator("#records-total")).hasText("3 records");
        assertThat(page.locator("#records")).containsText("Summer sale");
        shot(page, "04-records");
        BuilderBrowser.assertAccessible(page);
        page.evaluate("() => { const i = document.createElement('input'); i.id = 'unnamed-probe'; document.body.append(i); }");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BuilderBrowser.assertAccessible(page))
                .hasMessageContaining("unnamed-probe");
        page.evaluate("() => document.getElementById('unnamed-probe').remove()");

        page.click("#filter-field");
        page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("Title").setExact(true)).click();
        page.click("#filter-op");
        page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("contains").setExact(true)).click();
        page.fill("#filter-value input", "Summer");
        page.click("#apply-filter");
        assertThat(page.locator("#records-total")).hasText("1 record");
        shot(page, "05-records-filtered");

        page.locator(".edit-record").first().click();
        assertThat(page.locator("#input-title input")).hasValue("Summer sale");
        BuilderBrowser.assertAccessible(page);
        page.locator("#input-title input").focus();
        page.keyboard().press("Tab");
        assertThat(page.locator("#input-seats input")).isFocused();
        page.fill("#input-seats input", "-5");
        page.click("#save-record");
        Locator seats = page.locator("#input-seats");
        assertThat(seats).hasAttribute("invalid", "");
        assertThat(seats.locator("[slot=error-message]")).not().isEmpty();
        assertThat(seats.locator("[slot=error-message]")).containsText("0");
        shot(page, "06-record-refused");
        page.fill("#input-seats input", "55");
        page.click("#save-record");
        assertThat(page.locator("#record-form")).hasCount(0);
        assertThat(page.locator("#records")).containsText("55");

        page.locator(".delete-record").first().click();
        page.locator("vaadin-button[slot='confirm-button']").click();
        assertThat(page.locator("#records-total")).hasText("No records");
    }

    private static void record(Page page, String title, String seats, String price, String channel) {
        page.click("#new-record");
        page.fill("#input-title input", title);
        page.fill("#input-seats input", seats);
        page.fill("#input-price input", price);
        page.fill("#input-startsOn input", "5/1/2026");
        page.press("#input-startsOn input", "Enter");
        page.fill("#input-channel input", channel);
        Locator option = page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName(channel).setExact(true));
        try {
            option.waitFor(new Locator.WaitForOptions().setTimeout(5_000));
        } catch (com.microsoft.playwright.TimeoutError e) {
            // Typing right after the date picker's Enter can leave the combo box closed (seen once in CI): open it.
            page.press("#input-channel input", "ArrowDown");
        }
        option.click();
        page.locator("#input-vip input").check();
        page.click("#save-record");
        assertThat(page.locator("#record-form")).hasCount(0);
    }

    /** Adds a field, converts one (a background migration) and removes one; the history shows all three. */
    private void changeObject(Page page) {
        page.navigate("http://127.0.0.1:" + port + "/builder/objects");
        page.locator("vaadin-button[aria-label='Edit " + object + "']").click();
        assertThat(page.locator("#designer-apiName input")).hasValue(object);
        assertThat(page.locator("#change-history")).containsText("create object " + object);
        assertThat(page.locator("#field-4-options input")).hasValue("online=Online/线上, store=In store/门店");
        page.click("#field-1-type");
        page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("decimal").setExact(true)).click();
        page.click("#field-5-remove");
        assertThat(page.locator("#field-5-apiName")).hasCount(0);
        field(page, 6, "notes", "text", "Notes", "备注");
        field(page, 7, "venue", "reference", "Venue", "场地");
        page.fill("#field-7-target input", "store");
        page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("store").setExact(true)).click();
        page.click("#field-7-onDelete");
        page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("Clear this field").setExact(true)).click();
        page.click("#save-object");
        Locator history = page.locator("#change-history");
        assertThat(history).containsText("convert seats from integer to decimal");
        assertThat(history).containsText("add field notes");
        assertThat(history).containsText("add field venue");
        assertThat(history).containsText("remove field vip");
        assertThat(history.locator("vaadin-grid-cell-content").filter(new Locator.FilterOptions()
                .setHasText("convert seats"))).hasCount(1);
        assertThat(page.locator("#migration-progress")).isHidden();
        assertThat(history).not().containsText("Migrating");
        assertThat(page.locator("#field-5-apiName input")).hasValue("notes");
        assertThat(page.locator("#field-5-apiName")).hasAttribute("readonly", "");
        assertThat(page.locator("#field-6-onDelete")).containsText("Clear this field");
        assertThat(page.locator("#field-0-maxLength input")).hasValue("40");
        history.scrollIntoViewIfNeeded();
        shot(page, "10-designer-change-history");
        page.navigate("http://127.0.0.1:" + port + "/builder/records/" + object);
        assertThat(page.locator("#records")).containsText("Notes");
        assertThat(page.locator("#records")).not().containsText("VIP only");
        pickAVenueAmongMany(page);
    }

    /** 250 stores: more than a combo box would list at once, so the user finds one by typing part of its name. */
    private void pickAVenueAmongMany(Page page) {
        StringBuilder stores = new StringBuilder("{\"key\": \"code\", \"records\": [");
        for (int i = 1; i <= 250; i++) {
            stores.append(i == 1 ? "" : ",").append("{\"code\": \"%s-%03d\", \"name\": \"Hall %s %03d\"}"
                    .formatted(object, i, object, i));
        }
        var bulk = api().post("/api/v1/records/store/bulk", Tokens.demo("acme-builder"), stores.append("]}").toString());
        org.assertj.core.api.Assertions.assertThat(bulk.status()).as(bulk.raw()).isEqualTo(200);
        page.locator(".edit-record").first().click();
        page.locator("#input-venue input").pressSequentially("Hall " + object + " 23");
        Locator option = page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("Hall " + object + " 237").setExact(true));
        assertThat(option).isVisible();
        shot(page, "11-record-reference-search");
        option.click();
        page.click("#save-record");
        assertThat(page.locator("#record-form")).hasCount(0);
        assertThat(page.locator("#records")).containsText("Hall " + object + " 237");
    }

    private void switchLanguage(Page page) {
        page.navigate("http://127.0.0.1:" + port + "/builder/records/" + object);
        assertThat(page.locator("#records-total")).hasText("2 records");
        page.click("#language");
        page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("中文").setExact(true)).click();
        assertThat(page.locator("#nav")).containsText("对象");
        assertThat(page.locator("#records-total")).hasText("共 2 条记录");
        assertThat(page.locator("#records")).containsText("标题");
        assertThat(page.locator("#records")).containsText("线上");
        shot(page, "07-records-zh");
        page.locator(".edit-record").first().click();
        page.fill("#input-seats input", "-5");
        page.click("#save-record");
        assertThat(page.locator("#input-seats [slot=error-message]")).hasText("不能小于 0");
        shot(page, "07b-record-refused-zh");
        page.keyboard().press("Escape");
        assertThat(page.locator("#record-form")).hasCount(0);
        page.navigate("http://127.0.0.1:" + port + "/builder/objects");
        assertThat(page.locator("#objects")).containsText("门店活动");
        shot(page, "08-objects-zh");
    }

    /** Signing out ends the Keycloak login too: the next visit asks for the password again. */
    private void signOut(Page page) {
        page.click("#logout");
        assertThat(page.locator("#kc-login")).isVisible();
        page.navigate("http://127.0.0.1:" + port + "/builder/objects");
        assertThat(page.locator("#kc-login")).isVisible();
        assertThat(page.locator("#username")).isEmpty();
    }

    private void viewerOnlyReads(Page page) {
        assertThat(page.locator("#records-total")).hasText("2 records");
        assertThat(page.locator("#records")).containsText("Autumn fair");
        assertThat(page.locator("#new-record")).hasCount(0);
        assertThat(page.locator(".edit-record")).hasCount(0);
        assertThat(page.locator(".delete-record")).hasCount(0);
        shot(page, "09-viewer-records");
        page.navigate("http://127.0.0.1:" + port + "/builder/objects");
        assertThat(page.locator("#objects")).containsText(object);
        assertThat(page.locator("#new-object")).hasCount(0);
        page.navigate("http://127.0.0.1:" + port + "/builder/objects/new");
        assertThat(page.locator("#designer-apiName")).hasCount(0);
        page.navigate("http://127.0.0.1:" + port + "/builder/objects/" + object + "/edit");
        assertThat(page.locator("#objects")).isVisible();
        assertThat(page.locator("#designer-apiName")).hasCount(0);
        assertThat(page.locator(".edit-object")).hasCount(0);
        forcedWritesAreRefused(page);
    }

    /** The viewer's own session token, used by hand against the API: every write is refused, reads still work. */
    private void forcedWritesAreRefused(Page page) {
        var http = page.context().request();
        String token = new tools.jackson.databind.json.JsonMapper()
                .readTree(http.get("http://127.0.0.1:" + port + "/graphiql/token").text()).path("accessToken").asString();
        var bearer = com.microsoft.playwright.options.RequestOptions.create()
                .setHeader("Authorization", "Bearer " + token).setHeader("Content-Type", "application/json");
        var create = http.post("http://127.0.0.1:" + port + "/api/v1/records/" + object,
                bearer.setData("{\"title\":\"forced\"}"));
        org.assertj.core.api.Assertions.assertThat(create.status()).isEqualTo(403);
        org.assertj.core.api.Assertions.assertThat(create.text()).contains("PERMISSION_DENIED");
        var change = http.put("http://127.0.0.1:" + port + "/api/v1/metadata/objects/" + object,
                bearer.setData("{\"apiName\":\"" + object + "\",\"label\":{\"en\":\"x\"},\"fields\":[]}"));
        org.assertj.core.api.Assertions.assertThat(change.status()).isEqualTo(403);
        var read = http.post("http://127.0.0.1:" + port + "/api/v1/records/" + object + "/query", bearer.setData("{}"));
        org.assertj.core.api.Assertions.assertThat(read.status()).isEqualTo(200);
        org.assertj.core.api.Assertions.assertThat(read.text()).contains("Autumn fair");
    }

    private static void shot(Page page, String name) {
        BuilderBrowser.shot(page, name);
    }
}
