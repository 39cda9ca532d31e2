package io.quanyu.server.it;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The builder's segments screen on the real host, in English and Chinese: a rule of two groups and a behaviour
 * condition built in the visual editor, its live count followed while a condition is edited (and its complaint while
 * a value is missing), the segment saved, its members listed and memberships explained; a viewer reads but cannot
 * save; the segment deleted after a confirmation.
 */
class SegmentsBrowserIT extends RealServersIT {
    private static final LocatorAssertions.HasAttributeOptions COUNTED = new LocatorAssertions.HasAttributeOptions()
            .setTimeout(15_000);

    @Test
    void aSegmentBuiltVisuallyCountsLiveAndExplainsItsMembersInBothLanguages() {
        String admin = Tokens.demo("acme-admin");
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String tag = "seg_ui_" + run;
        String key = "ui_seg_" + run;
        String loyal = buyer(admin, run, 2, tag);
        String once = buyer(admin, run, 1, tag);
        buyer(admin, run, 2, null);
        JsonNode rule = Api.JSON.readTree("""
                {"all": [{"any": [{"field": "tags", "op": "contains", "value": "%s"},
                                  {"field": "stage", "op": "eq", "value": "member"}]},
                         {"behavior": {"event": "order", "window": {"lastDays": 30}, "measure": "count", "op": "gte",
                                       "value": 2}}]}""".formatted(tag));
        long twice = estimate(admin, rule);
        ((ObjectNode) rule.at("/all/1/behavior")).put("value", 1);
        long atLeastOnce = estimate(admin, rule);
        assertThat(atLeastOnce).as("the second buyer of the tag counts once the bar is one order").isEqualTo(twice + 1);
        ((ObjectNode) rule.at("/all/1/behavior")).put("value", 2);

        try (BuilderBrowser browser = new BuilderBrowser(port)) {
            Page page = browser.signIn("acme-admin", "/builder/segments");
            try {
                build(page, key, tag);
                Locator count = page.locator("#segment-live-count");
                assertThat(count).hasAttribute("data-count", String.valueOf(twice), COUNTED);
                assertThat(count).containsText(customers(twice) + " (exact count");
                Locator bar = page.locator(".rule-row[data-kind='behavior'] .rule-value input");
                bar.fill("");
                assertThat(count).hasAttribute("data-state", "invalid", COUNTED);
                assertThat(count).containsText("/all/1/behavior/value: is required");
                assertThat(page.locator(".rule-row[data-kind='behavior']")).hasClass(Pattern.compile("rule-invalid"));
                bar.fill("1");
                assertThat(count).hasAttribute("data-count", String.valueOf(atLeastOnce), COUNTED);
                assertThat(count).containsText(customers(atLeastOnce));
                bar.fill("2");
                assertThat(count).hasAttribute("data-count", String.valueOf(twice), COUNTED);
                page.locator("#segment-rule-json-details").click();
                assertThat(Api.JSON.readTree(page.locator("#segment-rule-json").textContent())).isEqualTo(rule);
                BuilderBrowser.assertAccessible(page);
                BuilderBrowser.shot(page, "70-segments-rule-editor");

                page.click("#segment-save");
                assertThat(page.locator("vaadin-notification-card").last()).containsText("saved");
                assertThat(page.locator("#segments-grid")).containsText("Loyal tagged buyers");
                assertThat(page.locator("#segment-members")).containsText(loyal,
                        new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
                page.locator(".segment-member-explain[data-customer='" + loyal + "']").click();
                Locator explained = page.locator("#segment-explain");
                assertThat(explained).hasAttribute("data-member", "true");
                assertThat(explained.locator(".segment-explain-summary"))
                        .containsText("count of order events in the last 30 days is 2, which is ≥ 2");
                assertThat(page.locator("#segment-history")).containsText("Loyal tagged buyers");
                page.locator("#segment-explain-customer input").fill(once);
                page.click("#segment-explain-button");
                assertThat(explained).hasAttribute("data-member", "false");
                assertThat(explained.locator(".segment-explain-summary"))
                        .containsText("count of order events in the last 30 days is 1, which is not ≥ 2");
                assertThat(explained.locator(".explain-leaf[data-matched='true']").first()).containsText(tag);
                BuilderBrowser.assertAccessible(page);
                explained.scrollIntoViewIfNeeded();
                BuilderBrowser.shot(page, "71-segments-members-explained");
                // the entry/exit history: a bar pair per day of the period chosen
                assertThat(page.locator("#segment-activity-chart .segment-history-day")).hasCount(30);
                page.locator("#segment-activity-range").getByText("Last 7 days").click();
                assertThat(page.locator("#segment-activity-chart .segment-history-day")).hasCount(7);
                assertThat(page.locator("#segment-activity-totals")).containsText("in the last 7 days");
                page.locator("#segment-activity-chart").scrollIntoViewIfNeeded();
                BuilderBrowser.shot(page, "71b-segments-history");

                page.click("#language");
                page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("中文").setExact(true)).click();
                assertThat(page.locator("h2")).containsText("人群");
                page.locator("#segments-grid").getByText("忠实标签买家").click();
                assertThat(page.locator("#segment-editor-title")).containsText("忠实标签买家");
                assertThat(count).hasAttribute("data-count", String.valueOf(twice), COUNTED);
                assertThat(count).containsText(twice + " 位客户（精确统计");
                assertThat(page.locator("#segment-save")).containsText("保存人群");
                page.locator("#segment-explain-customer input").fill(once);
                page.click("#segment-explain-button");
                assertThat(explained).containsText("不在人群中");
                assertThat(explained.locator(".segment-explain-summary"))
                        .containsText("最近 30 天 order 事件的次数 为 1，不满足 ≥ 2");
                BuilderBrowser.assertAccessible(page);
                explained.scrollIntoViewIfNeeded();
                BuilderBrowser.shot(page, "72-segments-zh");
                assertThat(page.locator("#segment-activity-totals")).containsText("最近");
                assertThat(page.locator("#segment-activity-totals")).containsText("共进入");
                page.locator("#segment-activity-chart").scrollIntoViewIfNeeded();
                BuilderBrowser.shot(page, "72b-segments-history-zh");
            } catch (RuntimeException | AssertionError e) {
                BuilderBrowser.shot(page, "failure-segments");
                throw e;
            }

            Page viewer = browser.signIn("acme-viewer", "/builder/segments");
            try {
                viewer.locator("#segments-grid").getByText(key).click();
                assertThat(viewer.locator("#segment-key input")).hasValue(key);
                assertThat(viewer.locator("#segment-save")).isDisabled();
                assertThat(viewer.locator("#segment-delete")).isDisabled();
                assertThat(viewer.locator("#rule-add-condition")).isHidden();
                assertThat(viewer.locator(".rule-row[data-kind='behavior'] .rule-event input")).not().isEditable();
                assertThat(viewer.locator("#segment-members")).containsText(loyal);
                BuilderBrowser.shot(viewer, "73-segments-viewer");
            } catch (RuntimeException | AssertionError e) {
                BuilderBrowser.shot(viewer, "failure-segments-viewer");
                throw e;
            }

            try {
                page.click("#segment-delete");
                page.locator("vaadin-button[slot='confirm-button']").click();
                assertThat(page.locator("vaadin-notification-card").last()).containsText("已删除");
                assertThat(page.locator("#segments-grid").getByText(key)).isHidden();
                assertThat(api().get("/api/v1/segments/" + key, admin).status()).isEqualTo(404);
            } catch (RuntimeException | AssertionError e) {
                BuilderBrowser.shot(page, "failure-segments-delete");
                throw e;
            }
        }
    }

    /**
     * A list segment in the builder: made with "kept by uploaded lists", its members uploaded as a CSV of phones (a bad
     * line refused first, nothing changed), the member listed, and the members' CSV offered for download; in Chinese.
     */
    @Test
    void aListSegmentIsMadeAndItsMembersUploadedInTheBuilder() {
        String admin = Tokens.demo("acme-admin");
        String run = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String key = "ui_list_" + run;
        String phone = "138" + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999);
        String customer = buyer(admin, run, 1, null);
        String listed = api().get("/api/v1/customers/" + customer + "/360", admin).json().path("identities").get(0)
                .path("value").asString();
        try (BuilderBrowser browser = new BuilderBrowser(port)) {
            Page page = browser.signIn("acme-admin", "/builder/segments");
            try {
                page.click("#language");
                page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("中文").setExact(true)).click();
                assertThat(page.locator("h2")).containsText("人群");
                page.locator("#segment-key input").fill(key);
                page.locator("#segment-name-zh input").fill("邀约名单");
                page.locator("#segment-is-list").click();
                assertThat(page.locator("#rule-add-condition")).isHidden();
                page.click("#segment-save");
                assertThat(page.locator("#segment-list-upload")).isVisible();
                page.locator("#segment-list-type input").fill("phone");
                page.locator("#segment-list-upload input[type=file]").setInputFiles(new FilePayload("bad.csv", "text/csv",
                        (phone + "\nnot a phone\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                assertThat(page.locator("#segment-list-result")).hasAttribute("data-added", "refused", COUNTED);
                assertThat(page.locator("#segment-list-result")).containsText("未做任何更改");
                page.locator("#segment-list-upload input[type=file]").setInputFiles(new FilePayload("invited.csv", "text/csv",
                        ("value\n" + listed + "\n" + phone + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                assertThat(page.locator("#segment-list-result")).hasAttribute("data-added", "2", COUNTED);
                assertThat(page.locator("#segment-list-result")).containsText("新增 2 个");
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                        api().get("/api/v1/segments/" + key, admin).json().path("count").asLong() == 1);
                page.reload();
                page.locator("#segments-grid").getByText(key).click();
                assertThat(page.locator("#segment-members")).containsText(customer);
                assertThat(page.locator("#segment-members-export")).hasAttribute("href", java.util.regex.Pattern.compile(".+"));
                BuilderBrowser.assertAccessible(page);
                BuilderBrowser.shot(page, "74-segments-list-zh");
            } catch (RuntimeException | AssertionError e) {
                BuilderBrowser.shot(page, "failure-segments-list");
                throw e;
            }
        }
        assertThat(api().delete("/api/v1/segments/" + key, admin).status()).isEqualTo(204);
    }

    /** all[ any[ tags contains the tag, stage eq member ], behaviour: at least 2 orders in the last 30 days ]. */
    private static void build(Page page, String key, String tag) {
        page.locator("#segment-key input").fill(key);
        page.locator("#segment-name-en input").fill("Loyal tagged buyers");
        page.locator("#segment-name-zh input").fill("忠实标签买家");
        page.click("#rule-add-group");
        Locator group = page.locator(".rule-group[data-depth='2']");
        group.locator(".rule-combinator").click();
        page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("any of these (OR)").setExact(true)).click();
        group.locator(".rule-add-condition").click();
        group.locator(".rule-row").nth(0).locator(".rule-value input").fill(tag);
        group.locator(".rule-add-condition").click();
        Locator stage = group.locator(".rule-row").nth(1);
        stage.locator(".rule-field input").fill("stage");
        page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("Lifecycle stage (stage)").setExact(true)).click();
        assertThat(stage.locator(".rule-op vaadin-select-value-button")).containsText("equals");
        stage.locator(".rule-value input").fill("member");
        page.click("#rule-add-behavior");
        Locator behavior = page.locator(".rule-row[data-kind='behavior']");
        behavior.locator(".rule-event input").fill("order");
        behavior.locator(".rule-value input").fill("2");
    }

    /** A customer known by a new phone who ordered {@code orders} times in the last days, tagged when a tag is given. */
    private String buyer(String admin, String run, int orders, String tag) {
        String phone = "139" + ThreadLocalRandom.current().nextInt(10_000_000, 99_999_999);
        String customer = null;
        for (int i = 0; i < orders; i++) {
            var tracked = api().post("/api/v1/events", admin, "{\"events\": [{\"eventId\": \"seg-ui-" + run + "-" + phone
                    + "-" + i + "\", \"type\": \"order\", \"time\": \"" + Instant.now().minus(Duration.ofDays(i + 1))
                    + "\", \"identities\": {\"phone\": \"" + phone + "\"}, \"properties\": {\"amount\": 120}}]}");
            assertThat(tracked.status()).as(tracked.raw()).isIn(200, 201, 207);
            customer = tracked.json().path("results").get(0).path("customerId").asString();
        }
        if (tag != null) {
            var tagged = api().post("/api/v1/customers/" + customer + "/tags", admin, "{\"tag\": \"" + tag + "\"}");
            assertThat(tagged.status()).as(tagged.raw()).isEqualTo(200);
        }
        return customer;
    }

    /** The size the REST API gives the rule, which the live count must show. */
    private long estimate(String admin, JsonNode rule) {
        var estimate = api().post("/api/v1/segments/estimate", admin, "{\"rule\": " + rule + "}");
        assertThat(estimate.status()).as(estimate.raw()).isEqualTo(200);
        assertThat(estimate.json().path("exact").asBoolean()).isTrue();
        return estimate.json().path("count").asLong();
    }

    private static String customers(long n) {
        return n == 1 ? "1 customer" : n + " customers";
    }
}
