package io.quanyu.server.it;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The builder's customer 360 in a real browser. The integrator sends, through the real API, 122 events of one
 * person known by a WeChat openid and a phone (the oldest carries a marker), and two events that make two other
 * profiles merge suggestions of theirs. acme-admin finds the customer by phone, checks identities, stage and
 * scores, scrolls the timeline until its last page loads, adds a tag, merges one suggestion, sees the merged
 * identity, then a viewer opens the same profile and finds no tag, merge or unmerge control; the admin unmerges,
 * sees the identities split again, dismisses the other suggestion and switches to Chinese.
 */
class Customer360BrowserIT extends RealServersIT {
    private final String u = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    private final String phone = "139" + String.format("%08d", Math.floorMod(u.hashCode(), 100_000_000));
    private final String openid = "o-" + u;
    private final String name = "Lin Wei " + u;
    private final String late = "late-" + u;
    private String integrator;
    private String customer;
    private String other;

    @Test
    void adminWorksWithACustomer360AndAViewerOnlyReads() {
        integrator = Tokens.clientCredentials("acme-integrator", "acme-integrator-dev-secret");
        seed();
        try (BuilderBrowser browser = new BuilderBrowser(port)) {
            Page admin = browser.signIn("acme-admin", "/builder/objects");
            try {
                // the first customer 360 screen of a fresh server (classes, phone number metadata, indexes) may take over 5 s
                admin.navigate(browser.url("/builder/customers"));
                assertThat(admin.locator("#customers-total")).containsText("customer",
                        new LocatorAssertions.ContainsTextOptions().setTimeout(60_000));
                findByPhone(admin);
                checkProfile(admin);
                scrollTimeline(admin);
                tagAndMerge(admin);
                viewerOnlyReads(browser.signIn("acme-viewer", "/builder/customers/" + customer));
                unmergeAndDismiss(admin);
            } catch (RuntimeException | AssertionError e) {
                BuilderBrowser.shot(admin, "failure-customers-admin");
                throw e;
            }
        }
    }

    /** 120 events of one person (openid and phone), one order and a share; two profiles that become suggestions. */
    private void seed() {
        Instant base = Instant.now().minus(5, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES);
        ArrayNode events = Api.JSON.createArrayNode();
        ObjectNode first = event(events, "signup", base, "wechat").put("campaign", late);
        for (int i = 1; i < 118; i++) {
            event(events, "page_view", base.plus(i * 10L, ChronoUnit.MINUTES), i % 2 == 0 ? "web" : "wechat")
                    .put("page", "/p/" + i);
        }
        event(events, "share", base.plus(1190, ChronoUnit.MINUTES), "wechat").put("article", "spring-sale");
        event(events, "order", base.plus(1200, ChronoUnit.MINUTES), "mini_program").put("amount", 299);
        ((ObjectNode) events.get(0).get("identities")).put("phone", phone);
        assertThat(first.path("campaign").asString()).isEqualTo(late);
        customer = track(events).path("results").get(0).path("customerId").asString();
        other = profileOf("dev-q-" + u);
        rename(other, "Lin W. " + u);
        rename(profileOf("dev-r-" + u), "Wei Lin " + u);
        rename(customer, name); // the most recent name wins a merge's attribute conflict
        for (String device : new String[]{"dev-q-" + u, "dev-r-" + u}) {
            ArrayNode both = Api.JSON.createArrayNode();
            ObjectNode e = both.addObject().put("eventId", u + "-" + device).put("type", "page_view")
                    .put("time", base.plus(600, ChronoUnit.MINUTES).toString()).put("channel", "web");
            e.putObject("identities").put("phone", phone).put("device_id", device);
            track(both);
        }
        JsonNode profile = api().get("/api/v1/customers/" + customer + "/360", integrator).json();
        assertThat(profile.path("suggestions").size()).as(profile.toString()).isEqualTo(2);
        assertThat(profile.path("identities").size()).isEqualTo(2);
    }

    private ObjectNode event(ArrayNode events, String type, Instant time, String channel) {
        ObjectNode e = events.addObject().put("eventId", u + "-" + events.size()).put("type", type)
                .put("time", time.toString()).put("channel", channel);
        e.putObject("identities").putObject("wechat_openid").put("scope", "wx-acme").put("value", openid);
        return e.putObject("properties");
    }

    private String profileOf(String device) {
        ArrayNode one = Api.JSON.createArrayNode();
        one.addObject().put("eventId", u + "-" + device + "-0").put("type", "page_view")
                .put("time", Instant.now().minus(6, ChronoUnit.DAYS).toString()).put("channel", "web")
                .putObject("identities").put("device_id", device);
        return track(one).path("results").get(0).path("customerId").asString();
    }

    private JsonNode track(ArrayNode events) {
        var reply = api().post("/api/v1/events", integrator, "{\"events\": " + events + "}");
        assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
        assertThat(reply.json().path("rejected").asInt()).as(reply.raw()).isZero();
        return reply.json();
    }

    private void rename(String id, String newName) {
        long version = api().get("/api/v1/records/customer/" + id, integrator).json().path("_version").asLong();
        var reply = api().send("PATCH", "/api/v1/records/customer/" + id, integrator,
                "{\"name\": \"" + newName + "\", \"_version\": " + version + "}");
        assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
    }

    private void findByPhone(Page page) {
        page.click("#customer-search-by");
        page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("Phone").setExact(true)).click();
        page.fill("#customer-search-for input", phone);
        page.click("#customer-search");
        assertThat(page.locator("#customers-total")).hasText("1 customer");
        assertThat(page.locator("#customers")).containsText(name);
        assertThat(page.locator("#customers")).containsText("Customer");
        shot(page, "30-customers-list");
        page.locator("#customers .customer-link").getByText(name).first().click();
        page.waitForURL("**/builder/customers/" + customer);
    }

    private void checkProfile(Page page) {
        assertThat(page.locator("#customer-name")).hasText(name);
        assertThat(page.locator("#customer-stage")).hasText("Customer");
        assertThat(page.locator("#identities")).containsText("WeChat openid");
        assertThat(page.locator("#identities")).containsText(openid);
        assertThat(page.locator("#identities")).containsText("+86" + phone);
        assertThat(page.locator("#figure-orders")).hasText("1");
        assertThat(page.locator("#figure-ordersAmount")).hasText("299");
        assertThat(page.locator("#figure-influence")).hasText("4.16");
        assertThat(page.locator("#figure-shares")).hasText("1");
        assertThat(page.locator("#figure-events")).containsText("page_view 119");
        page.click("#stage-history-details");
        assertThat(page.locator("#stage-history")).containsText("Customer");
        shot(page, "31-profile-top");
    }

    private void scrollTimeline(Page page) {
        Locator timeline = page.locator("#timeline");
        Locator status = page.locator("#timeline-status");
        timeline.scrollIntoViewIfNeeded();
        assertThat(status).containsText("scroll down for more");
        assertThat(timeline).containsText("mini_program");
        assertThat(timeline).not().containsText(late);
        page.waitForCondition(() -> {
            timeline.hover();
            page.mouse().wheel(0, 2500);
            return status.textContent().startsWith("All");
        }, new Page.WaitForConditionOptions().setTimeout(60_000));
        assertThat(status).hasText("All 122 events loaded");
        assertThat(timeline).containsText("campaign: " + late);
        assertThat(timeline.getByText("page: /p/5", new Locator.GetByTextOptions().setExact(true))).isInViewport();
        shot(page, "32-timeline-scrolled");
    }

    private void tagAndMerge(Page page) {
        page.fill("#new-tag input", "vip");
        page.click("#add-tag");
        assertThat(page.locator("#customer-tags")).containsText("vip");
        Locator suggestions = page.locator("#merge-suggestions");
        assertThat(suggestions.locator(".merge-suggestion")).hasCount(2);
        assertThat(suggestions).containsText("carries identities of both");
        assertThat(suggestions).containsText("dev-q-" + u);
        suggestions.scrollIntoViewIfNeeded();
        shot(page, "33-merge-suggestions");
        suggestions.locator(".merge-suggestion").filter(new Locator.FilterOptions().setHasText("Lin W. " + u))
                .locator(".accept-suggestion").click();
        assertThat(page.locator("#confirm-merge")).containsText("Lin W. " + u);
        page.locator("vaadin-button[slot='confirm-button']").click();
        assertThat(page.locator("#identities")).containsText("dev-q-" + u);
        assertThat(page.locator("#customer-name")).hasText(name);
        assertThat(page.locator("#merge-history .merge-record[data-status='done']")).hasCount(1);
        assertThat(page.locator("#merge-suggestions .merge-suggestion")).hasCount(1);
        assertThat(api().get("/api/v1/customers/" + other + "/360", integrator).code()).isEqualTo("CUSTOMER_MERGED");
        page.locator("#identities").scrollIntoViewIfNeeded();
        shot(page, "34-after-merge");
    }

    private void viewerOnlyReads(Page page) {
        assertThat(page.locator("#customer-name")).hasText(name);
        assertThat(page.locator("#identities")).containsText("dev-q-" + u);
        assertThat(page.locator("#customer-tags")).containsText("vip");
        assertThat(page.locator("#merge-suggestions .merge-suggestion")).hasCount(1);
        assertThat(page.locator("#merge-history .merge-record")).hasCount(1);
        assertThat(page.locator("#timeline-status")).containsText("events loaded");
        assertThat(page.locator("#new-tag")).hasCount(0);
        assertThat(page.locator("#add-tag")).hasCount(0);
        assertThat(page.locator(".remove-tag")).hasCount(0);
        assertThat(page.locator(".accept-suggestion")).hasCount(0);
        assertThat(page.locator(".dismiss-suggestion")).hasCount(0);
        assertThat(page.locator(".unmerge")).hasCount(0);
        page.locator("#merge-history").scrollIntoViewIfNeeded();
        shot(page, "35-viewer");
    }

    private void unmergeAndDismiss(Page page) {
        page.locator(".unmerge").click();
        page.locator("vaadin-button[slot='confirm-button']").click();
        assertThat(page.locator("#merge-history .merge-record[data-status='undone']")).hasCount(1);
        assertThat(page.locator("#identities")).not().containsText("dev-q-" + u);
        assertThat(page.locator("#identities")).containsText(openid);
        page.locator(".dismiss-suggestion").click();
        assertThat(page.locator("#merge-suggestions")).containsText("No open merge suggestions.");
        page.locator("#merge-history").scrollIntoViewIfNeeded();
        shot(page, "36-after-unmerge");
        page.locator("#merge-history .merge-customer").click();
        page.waitForURL("**/builder/customers/" + other);
        assertThat(page.locator("#customer-name")).hasText("Lin W. " + u);
        assertThat(page.locator("#identities")).containsText("dev-q-" + u);
        assertThat(page.locator("#identities")).not().containsText(openid);
        page.click("#language");
        page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("中文").setExact(true)).click();
        assertThat(page.locator("#customer-anonymous")).hasText("匿名");
        assertThat(page.locator("#merge-history")).containsText("已撤销");
        shot(page, "37-profile-zh");
    }

    private static void shot(Page page, String name) {
        BuilderBrowser.shot(page, name);
    }
}
