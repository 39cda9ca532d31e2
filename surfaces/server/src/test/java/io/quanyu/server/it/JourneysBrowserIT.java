package io.quanyu.server.it;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.BoundingBox;
import io.quanyu.fakes.wechat.Person;
import io.quanyu.fakes.wechat.WeChatFake;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A tenant admin builds the new-follower welcome journey on the canvas (a send step dragged in from the palette,
 * connected by dragging from the entry's path and with the side panel's picker), saves and publishes it; a follower of
 * the WeChat fake follows the account, receives the welcome message, and the canvas's counts move; then the same
 * screen in Chinese, where a second follower moves them again.
 */
class JourneysBrowserIT extends RealServersIT {
    private static final String ID = WeChatChannels.ID;
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
    void anAdminBuildsTheWelcomeJourneyOnTheCanvasAndANewFollowerIsWelcomed() throws Exception {
        String admin = Tokens.demo("globex-admin");
        removeChannel(admin); // as another test may have left it; this one leaves the tenant without it too
        String appId = WeChatChannels.connect(api(), fake, port, "globex", admin, "jy", List.of(), Map.of());
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 6);
        String template = "jy-welcome-" + suffix;
        var saved = api().send("PUT", "/api/v1/messaging/templates/" + template, admin, """
                {"channels": {"wechat-cs": {"zh-CN": {"text": "欢迎加入，新朋友！"}}}}""");
        assertThat(saved.status()).as(saved.raw()).isEqualTo(200);
        String key = "welcome_" + suffix;

        try (BuilderBrowser browser = new BuilderBrowser(port)) {
            Page page = browser.signIn("globex-admin", "/builder/journeys");
            List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
            page.onPageError(errors::add);
            try {
                newJourney(page, key, "new WeChat follower");
                Locator canvas = page.locator("#journey-canvas");
                assertThat(canvas).hasAttribute("data-nodes", "2");
                assertThat(page.locator("#journey-heading")).containsText("Not saved yet");

                // A send step dragged from the palette onto the canvas, below the entry.
                BoundingBox graph = box(page.locator("#journey-canvas .journey-graph"));
                drag(page, box(page.locator(".journey-palette-item[data-type='send']")),
                        graph.x + 420, graph.y + 160);
                assertThat(canvas).hasAttribute("data-nodes", "3");
                assertThat(page.locator("#journey-panel-title")).containsText("send1");
                page.locator("#node-template input").fill(template);
                page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName(template).setExact(true)).click();
                BuilderBrowser.choose(page, "#path-next", "done \u00b7 End");
                // The entry's path dragged from its port onto the send step.
                // The entry's one port is at the middle of its bottom edge (X6 renders ports asynchronously, so the
                // port element itself may not be laid out yet when it is looked up).
                BoundingBox entry = box(page.locator("[data-cell-id='@entry'] rect").first());
                BoundingBox port = new BoundingBox();
                port.x = entry.x + entry.width / 2 - 3;
                port.y = entry.y + entry.height - 3;
                port.width = 6;
                port.height = 6;
                double[] target = center(box(page.locator("[data-cell-id='send1'] rect").first()));
                drag(page, port, target[0], target[1]);
                assertThat(canvas).hasAttribute("data-edges", "2");
                assertThat(page.locator("#journey-problems")).isEmpty();
                BuilderBrowser.shot(page, "70-journey-canvas");

                page.click("#journey-save");
                assertThat(page.locator("#journey-heading")).containsText("draft revision 1");
                var draft = api().get("/api/v1/journeys/" + key, admin).json().path("draft");
                assertThat(draft.path("start").asString()).isEqualTo("send1");
                assertThat(draft.path("nodes").path("send1").path("next").asString()).isEqualTo("done");
                assertThat(draft.path("layout").has("send1")).isTrue();

                page.click("#journey-publish");
                assertThat(page.locator("#publish-rows")).containsText("No customer is in an older version");
                BuilderBrowser.shot(page, "71-journey-publish");
                page.click("#publish-confirm");
                assertThat(page.locator("#journey-heading")).containsText("Live");
                assertThat(page.locator("#journey-heading")).containsText("draft revision 1"); // not saved again unchanged
                assertThat(page.locator("#journeys-grid")).containsText(key);
                page.click("#journey-versions-open");
                assertThat(page.locator("#journey-versions")).containsText("globex-admin");
                page.click("#journey-version-restore-1");
                assertThat(page.locator("#journey-panel-title")).containsText("Entry");
                assertThat(canvas).hasAttribute("data-edges", "2");

                Person person = fake.addPerson("小蓝");
                fake.actAs(appId, person).follow();
                String openId = fake.account(appId).openId(person);
                await().atMost(Duration.ofSeconds(30)).until(() -> fake.account(appId).messages(openId).toString().contains("欢迎加入"));
                assertThat(canvas).hasAttribute("data-counts", Pattern.compile(".*\"done\":\"completed 1\".*"),
                        new com.microsoft.playwright.assertions.LocatorAssertions.HasAttributeOptions().setTimeout(20_000));
                BuilderBrowser.shot(page, "72-journey-counts");

                // Test mode: the saved draft run again for this follower, a day's waits in seconds; its send is real.
                String customer = WeChatChannels.customerOf(api(), admin, appId, openId);
                page.click("#journey-test");
                BuilderBrowser.choose(page, "#customer-by", "Customer id");
                page.locator("#customer-value input").fill(customer);
                page.click("#journey-test-run");
                assertThat(page.locator("#journey-test-steps")).containsText("send1");
                assertThat(page.locator("#journey-test-steps")).containsText("done");
                BuilderBrowser.shot(page, "72b-journey-test");
                page.keyboard().press("Escape");
                await().atMost(Duration.ofSeconds(30)).until(() -> fake.account(appId).messages(openId).size() == 2);

                page.click("#language");
                page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("中文").setExact(true)).click();
                page.locator("#journeys-grid").getByText(key).click();
                assertThat(page.locator("#journey-heading")).containsText("运行中");
                assertThat(page.locator(".journey-palette-item[data-type='waitForEvent']")).hasText("等待事件");
                Person second = fake.addPerson("小绿");
                fake.actAs(appId, second).follow();
                String secondId = fake.account(appId).openId(second);
                await().atMost(Duration.ofSeconds(30)).until(() -> fake.account(appId).messages(secondId).toString().contains("欢迎加入"));
                assertThat(canvas).hasAttribute("data-counts", Pattern.compile(".*\"done\":\"已完成 2\".*"),
                        new com.microsoft.playwright.assertions.LocatorAssertions.HasAttributeOptions().setTimeout(20_000));
                page.locator("[data-cell-id='send1']").click();
                assertThat(page.locator("#journey-panel-title")).containsText("发送消息");
                BuilderBrowser.shot(page, "73-journey-counts-zh");
                assertThat(fake.account(appId).messages(openId)).as("the follow's welcome and the test's").hasSize(2);
                assertThat(errors).as("errors in the page").isEmpty();
            } catch (RuntimeException | AssertionError e) {
                BuilderBrowser.shot(page, "failure-journeys");
                throw e;
            } finally {
                api().post("/api/v1/journeys/" + key + "/stop", admin, "");
                removeChannel(admin);
            }
        }
    }

    @Test
    void aPluginsTriggerAndActionAWebhookAndAVisualConditionAreSetUpOnTheCanvas() {
        String admin = Tokens.demo("globex-admin");
        String plugin = "sdk-contract";
        api().post("/api/v1/plugins", admin, "{\"pluginId\": \"" + plugin + "\"}");
        var enabled = api().post("/api/v1/plugins/" + plugin + "/enable", admin, "{\"settings\": {\"token\": \"t-jb\"}}");
        assertThat(enabled.status()).as(enabled.raw()).isEqualTo(200);
        String key = "reward_" + UUID.randomUUID().toString().replace("-", "").substring(0, 6);
        try (BuilderBrowser browser = new BuilderBrowser(port)) {
            Page page = browser.signIn("globex-admin", "/builder/journeys");
            List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
            page.onPageError(errors::add);
            try {
                newJourney(page, key, "new WeChat follower");
                page.locator("[data-cell-id='@entry']").click();
                assertThat(page.locator("#journey-panel-title")).containsText("Entry");

                // The entry: the plugin's trigger, its label typed into the form drawn from the trigger's schema.
                BuilderBrowser.choose(page, "#entry-kind", "When a plugin’s trigger fires");
                page.click("#entry-trigger");
                page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("A signal with a label (sdk-contract)")).click();
                page.locator("#entry-trigger-param-label input").fill("door");
                page.locator("#entry-trigger-param-label input").press("Tab");

                // A step of the plugin's action dragged in, its SKU typed into its form.
                BoundingBox graph = box(page.locator("#journey-canvas .journey-graph"));
                drag(page, box(page.locator(".journey-palette-item[data-type='action']")), graph.x + 420, graph.y + 420);
                assertThat(page.locator("#journey-panel-title")).containsText("action1");
                // undone and redone, with the buttons and with the keyboard on the canvas
                Locator canvas = page.locator("#journey-canvas");
                assertThat(canvas).hasAttribute("data-nodes", "3");
                page.click("#journey-undo");
                assertThat(canvas).hasAttribute("data-nodes", "2");
                page.click("#journey-redo");
                assertThat(canvas).hasAttribute("data-nodes", "3");
                canvas.focus();
                page.keyboard().press("Control+z");
                assertThat(canvas).hasAttribute("data-nodes", "2");
                page.keyboard().press("Control+y");
                assertThat(canvas).hasAttribute("data-nodes", "3");
                assertThat(page.locator("#journey-redo")).isDisabled();
                page.locator("[data-cell-id='action1']").click();
                assertThat(page.locator("#journey-panel-title")).containsText("action1");
                page.click("#node-action");
                page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("Give a reward from stock (sdk-contract)")).click();
                assertThat(page.locator("#node-action-param-sku")).isVisible();
                page.locator("#node-action-param-sku input").fill("MUG-1");
                page.locator("#node-action-param-sku input").press("Tab");
                BuilderBrowser.choose(page, "#path-next", "done \u00b7 End");
                // When no reward is left, a partner hears of it: a webhook step on the action's failure path.
                BoundingBox moved = box(page.locator("#journey-canvas .journey-graph")); // the panel may have scrolled the page
                drag(page, box(page.locator(".journey-palette-item[data-type='webhook']")), moved.x + 160, moved.y + 560);
                assertThat(page.locator("#journey-panel-title")).containsText("webhook1");
                page.locator("#node-url input").fill("https://partner.example.com/hooks/sold-out");
                page.locator("#node-url input").press("Tab");
                BuilderBrowser.choose(page, "#path-next", "done \u00b7 End");
                page.locator("[data-cell-id='action1']").click();
                BuilderBrowser.choose(page, "#path-onFailure", "webhook1 \u00b7 Webhook");
                // Only gold customers get the reward: a condition step, its rule in the segments' visual editor.
                BoundingBox again = box(page.locator("#journey-canvas .journey-graph"));
                drag(page, box(page.locator(".journey-palette-item[data-type='condition']")), again.x + 420, again.y + 560);
                assertThat(page.locator("#journey-panel-title")).containsText("condition1");
                page.locator("#node-rule .rule-row").first().locator(".rule-value input").fill("gold");
                page.locator("#node-rule .rule-row").first().locator(".rule-value input").press("Tab");
                BuilderBrowser.choose(page, "#path-yes", "action1 \u00b7 Plugin action");
                BuilderBrowser.choose(page, "#path-no", "done \u00b7 End");
                page.locator("[data-cell-id='@entry']").click();
                BuilderBrowser.choose(page, "#path-start", "condition1 \u00b7 Condition");
                assertThat(page.locator("#journey-problems")).isEmpty();
                page.locator("[data-cell-id='action1']").click();
                BuilderBrowser.shot(page, "74-journey-plugin-action");

                page.click("#journey-save");
                assertThat(page.locator("#journey-heading")).containsText("draft revision 1");
                var draft = api().get("/api/v1/journeys/" + key, admin).json().path("draft");
                assertThat(draft.path("entry").path("trigger").toString()).as(draft.toString())
                        .isEqualTo("{\"plugin\":\"sdk-contract\",\"name\":\"signalled\",\"parameters\":{\"label\":\"door\"}}");
                var action = draft.path("nodes").path("action1");
                assertThat(action.path("plugin").asString()).isEqualTo(plugin);
                assertThat(action.path("action").asString()).isEqualTo("claimReward");
                assertThat(action.path("parameters").toString()).isEqualTo("{\"sku\":\"MUG-1\"}");
                assertThat(action.path("next").asString()).isEqualTo("done");
                assertThat(action.path("onFailure").asString()).isEqualTo("webhook1");
                assertThat(draft.path("start").asString()).isEqualTo("condition1");
                assertThat(draft.path("nodes").path("condition1").path("rule").toString()).contains("\"value\":\"gold\"")
                        .contains("\"field\":\"tags\"");
                assertThat(draft.path("nodes").path("webhook1").path("url").asString()).isEqualTo("https://partner.example.com/hooks/sold-out");

                page.click("#language");
                page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("中文").setExact(true)).click();
                page.locator("#journeys-grid").getByText(key).click();
                assertThat(page.locator(".journey-palette-item[data-type='action']")).hasText("插件动作");
                page.locator("[data-cell-id='action1']").click();
                assertThat(page.locator("#journey-panel-title")).containsText("插件动作");
                assertThat(page.locator("#node-action input")).hasValue("从库存发放奖品 (sdk-contract)");
                assertThat(page.locator("#node-action-param-sku input")).hasValue("MUG-1");
                BuilderBrowser.shot(page, "75-journey-plugin-action-zh");
                assertThat(errors).as("errors in the page").isEmpty();
            } catch (RuntimeException | AssertionError e) {
                BuilderBrowser.shot(page, "failure-journeys-plugin");
                throw e;
            } finally {
                api().post("/api/v1/plugins/" + plugin + "/disable", admin, "");
                api().delete("/api/v1/plugins/" + plugin, admin);
            }
        }
    }

    /** Creates a journey from the new-journey dialog's first template, whose description says {@code template}. */
    private static void newJourney(Page page, String key, String template) {
        page.click("#journey-new");
        page.locator("#journey-key input").fill(key);
        assertThat(page.locator("#journey-template-description")).containsText(template);
        page.click("#journey-create");
        assertThat(page.locator("#journey-key")).isHidden(); // the dialog is gone, so a drag lands on the canvas
    }

    /** Disables and uninstalls the WeChat channel in the tenant, if it is there. */
    private void removeChannel(String admin) {
        api().post("/api/v1/plugins/" + ID + "/disable", admin, "");
        api().delete("/api/v1/plugins/" + ID, admin);
    }

    /**
     * Where the element is once it is visible: the canvas draws its graph asynchronously after each change, so an
     * element looked up at once may not be laid out yet, or may be replaced by the next drawing.
     */
    private static BoundingBox box(Locator locator) {
        BoundingBox box = null;
        for (int attempt = 0; attempt < 50 && box == null; attempt++) {
            locator.waitFor();
            box = locator.boundingBox(); // null when a redraw replaced the element in between: look it up again
            if (box == null) {
                locator.page().waitForTimeout(100);
            }
        }
        assertThat(box).as("the bounding box of " + locator).isNotNull();
        return box;
    }


    private static double[] center(BoundingBox box) {
        return new double[]{box.x + box.width / 2, box.y + box.height / 2};
    }

    /** Presses at the middle of {@code from}, moves in steps to (x, y) and releases there. */
    private static void drag(Page page, BoundingBox from, double x, double y) {
        double[] start = center(from);
        page.mouse().move(start[0], start[1]);
        page.mouse().down();
        page.mouse().move(start[0] + 10, start[1] + 10, new com.microsoft.playwright.Mouse.MoveOptions().setSteps(2));
        page.mouse().move(x, y, new com.microsoft.playwright.Mouse.MoveOptions().setSteps(12));
        page.mouse().up();
    }
}
