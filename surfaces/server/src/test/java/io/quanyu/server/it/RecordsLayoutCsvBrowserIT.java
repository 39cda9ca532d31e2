package io.quanyu.server.it;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The records screen's layout editor and CSV import and export in a real browser: a builder arranges the form in
 * two sections and reorders the list's columns, sees the form and the grid follow, is refused a layout that hides a
 * required field, imports 50 rows of which 3 are refused (with their row numbers) and exports the filtered records
 * with their Chinese text intact; a viewer may export but neither import nor change the layout.
 */
class RecordsLayoutCsvBrowserIT extends RealServersIT {
    private final String object = "campaign" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private String builder;

    @BeforeEach
    void defineObject() {
        builder = Tokens.demo("acme-builder");
        var created = api().post("/api/v1/metadata/objects", builder, """
                {"apiName": "%s", "label": {"en": "Campaign", "zh-CN": "门店活动"}, "displayField": "title",
                 "fields": [
                   {"apiName": "title", "type": "text", "label": {"en": "Title", "zh-CN": "标题"}, "required": true},
                   {"apiName": "city", "type": "text", "label": {"en": "City", "zh-CN": "城市"}},
                   {"apiName": "seats", "type": "integer", "label": {"en": "Seats", "zh-CN": "座位"}, "min": 0},
                   {"apiName": "channel", "type": "singleSelect", "label": {"en": "Channel", "zh-CN": "渠道"},
                    "options": [{"value": "online", "label": {"en": "Online", "zh-CN": "线上"}},
                                {"value": "store", "label": {"en": "In store", "zh-CN": "门店"}}]},
                   {"apiName": "vip", "type": "boolean", "label": {"en": "VIP only", "zh-CN": "仅限会员"}}
                 ]}
                """.formatted(object));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
    }

    @AfterEach
    void deleteObject() {
        api().delete("/api/v1/metadata/objects/" + object, builder);
    }

    @Test
    void builderArrangesImportsAndExportsAndAViewerOnlyExports() throws IOException {
        try (BuilderBrowser browser = new BuilderBrowser(port)) {
            Page page = browser.signIn("acme-builder", "/builder/layouts/" + object);
            try {
                arrangeLayout(page);
                refuseHiddenRequiredField(page);
                formAndGridFollowTheLayout(page);
                importRows(page);
                exportFiltered(page);
            } catch (RuntimeException | AssertionError e) {
                BuilderBrowser.shot(page, "failure-layout-csv");
                throw e;
            }
            viewerOnlyExports(browser.signIn("acme-viewer", "/builder/records/" + object));
        }
    }

    private void arrangeLayout(Page page) {
        assertThat(page.locator("#section-0-name-en input")).hasValue("Details");
        page.fill("#section-0-name-en input", "Basics");
        page.fill("#section-0-name-zh input", "基本信息");
        page.click("#section-0-fields-city-remove");
        assertThat(page.locator("#section-0-fields-city")).hasCount(0);
        page.click("#section-0-fields-seats-remove");
        assertThat(page.locator("#section-0-fields-seats")).hasCount(0);
        page.click("#add-section");
        page.fill("#section-1-name-en input", "Venue");
        page.fill("#section-1-name-zh input", "场地");
        addTo(page, "#section-1-fields-add", "City (city)");
        assertThat(page.locator("#section-1-fields-city")).isVisible();
        addTo(page, "#section-1-fields-add", "Seats (seats)");
        assertThat(page.locator("#section-1-fields-seats")).isVisible();
        page.click("#section-1-up");
        assertThat(page.locator("#section-0-name-en input")).hasValue("Venue");
        page.click("#columns-seats-up");
        assertThat(page.locator("#columns .entry-label").nth(1)).hasText("Seats (seats)");
        page.click("#columns-seats-up");
        assertThat(page.locator("#columns .entry-label").first()).hasText("Seats (seats)");
        page.click("#columns-vip-remove");
        assertThat(page.locator("#columns-vip")).hasCount(0);
        assertThat(page.locator("#layout-preview [id^=preview-section-]")).hasText(new String[]{"Venue", "Basics"});
        assertThat(page.locator("#section-0 .entry-label")).hasText(new String[]{"City (city)", "Seats (seats)"});
        assertThat(page.locator("#columns .entry-label")).hasText(
                new String[]{"Seats (seats)", "Title (title)", "City (city)", "Channel (channel)"});
        BuilderBrowser.shot(page, "50-layout-editor");
        page.click("#save-layout");
        assertThat(page.locator("vaadin-notification-card")).containsText("Layout saved");
    }

    private static void addTo(Page page, String comboBox, String option) {
        page.click(comboBox);
        page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName(option).setExact(true)).click();
    }

    private void refuseHiddenRequiredField(Page page) {
        page.click("#section-1-fields-title-remove");
        assertThat(page.locator("#section-1-fields-title")).hasCount(0);
        page.click("#save-layout");
        assertThat(page.locator("#layout-error")).containsText("Required fields must be in a section");
        assertThat(page.locator("#layout-error")).containsText("Title (title)");
        BuilderBrowser.shot(page, "51-layout-refused");
    }

    private void formAndGridFollowTheLayout(Page page) {
        page.navigate(url("/builder/records/" + object));
        assertThat(page.locator("#records-total")).hasText("No records");
        assertThat(page.locator("#records vaadin-grid-sorter"))
                .hasText(new String[]{"Seats", "Title", "City", "Channel"});
        page.click("#new-record");
        assertThat(page.locator(".form-section")).hasText(new String[]{"Venue", "Basics"});
        assertThat(page.locator("#input-title")).isVisible();
        BuilderBrowser.shot(page, "52-form-sections");
        page.keyboard().press("Escape");
        assertThat(page.locator("#record-form")).hasCount(0);
    }

    /** 50 rows; rows 11, 26 and 41 (as a spreadsheet numbers them) break the object's rules. */
    private void importRows(Page page) {
        page.click("#import-csv");
        page.locator("#import-upload input[type=file]").setInputFiles(new FilePayload("campaigns.csv", "text/csv",
                csv().getBytes(StandardCharsets.UTF_8)));
        assertThat(page.locator("#import-rows")).hasText("50 rows to import");
        assertThat(page.locator("#import-mapping")).containsText("Not imported: no such field");
        assertThat(page.locator("#import-mapping")).containsText("Channel (channel)");
        BuilderBrowser.shot(page, "53-import-mapping");
        page.click("#start-import");
        assertThat(page.locator("#import-result")).hasText("47 records created, 3 rows refused",
                new LocatorAssertions.HasTextOptions().setTimeout(60_000));
        assertThat(page.locator("#import-status")).hasText("50 of 50 rows");
        assertThat(page.locator("#import-errors vaadin-grid-cell-content").filter(
                new com.microsoft.playwright.Locator.FilterOptions().setHasText(java.util.regex.Pattern.compile("^(11|26|41)$"))))
                .hasText(new String[]{"11", "26", "41"});
        assertThat(page.locator("#import-errors")).containsText("Seats (seats)");
        BuilderBrowser.shot(page, "54-import-result");
        Download report = page.waitForDownload(() -> page.click("#import-errors-csv"));
        assertThat(read(report)).startsWith("\uFEFFrow,field,message").contains("11,seats,", "26,title,", "41,channel,");
        page.click("#close-import");
        assertThat(page.locator("#records-total")).hasText("47 records");
    }

    private static String csv() {
        StringBuilder csv = new StringBuilder("title,Seats,城市,渠道,notes\n");
        for (int i = 1; i <= 50; i++) {
            String title = i == 25 ? "" : "门店活动 " + i;
            String seats = i == 10 ? "-3" : String.valueOf(i * 2);
            String channel = i == 40 ? "fax" : i % 3 == 0 ? "门店" : "online";
            csv.append(title).append(',').append(seats).append(',').append(i % 2 == 0 ? "北京" : "上海").append(',')
                    .append(channel).append(",\"note, ").append(i).append("\"\n");
        }
        return csv.toString();
    }

    private void exportFiltered(Page page) {
        page.click("#filter-field");
        page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("City").setExact(true)).click();
        page.fill("#filter-value input", "上海");
        page.click("#apply-filter");
        assertThat(page.locator("#records-total")).hasText("24 records");
        Download export = page.waitForDownload(() -> page.click("#export-csv"));
        String text = read(export);
        assertThat(text).startsWith("\uFEFFseats,title,city,channel\r\n");
        List<String> rows = text.lines().skip(1).toList();
        assertThat(rows).hasSize(24).allSatisfy(row -> assertThat(row).contains(",门店活动 ", ",上海,"));
        assertThat(rows).anySatisfy(row -> assertThat(row).endsWith(",store")).noneSatisfy(row ->
                assertThat(row).contains("北京"));
    }

    private static String read(Download download) {
        try {
            return Files.readString(download.path(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void viewerOnlyExports(Page page) {
        assertThat(page.locator("#records-total")).hasText("47 records");
        assertThat(page.locator("#records vaadin-grid-sorter"))
                .hasText(new String[]{"Seats", "Title", "City", "Channel"});
        assertThat(page.locator("#export-csv")).isVisible();
        assertThat(page.locator("#import-csv")).hasCount(0);
        assertThat(page.locator("#edit-layout")).hasCount(0);
        assertThat(page.locator("#nav")).not().containsText("Layouts");
        Download export = page.waitForDownload(() -> page.click("#export-csv"));
        assertThat(read(export).lines().count()).isEqualTo(48);
        page.navigate(url("/builder/layouts/" + object));
        assertThat(page.locator("body")).containsText("Only tenant administrators and builders change layouts.");
        assertThat(page.locator("#save-layout")).hasCount(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }
}
