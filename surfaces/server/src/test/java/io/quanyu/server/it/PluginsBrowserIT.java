package io.quanyu.server.it;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.quanyu.server.it.plugin.ItPlugins;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.security.KeyPair;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The builder's plugin screens in a real browser: an ISV publishes a signed plugin with a settings schema through the
 * API; acme-admin finds it in the marketplace, installs it, fills its settings form (a refused value shows at its
 * field, the plugin's activation veto above the form), enables it, sees the secret masked, upgrades it to a newer
 * release and uninstalls it; acme-viewer sees the installed list without any control.
 */
class PluginsBrowserIT extends RealServersIT {
    private final String id = "ui-" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final KeyPair key = ItPlugins.newKey();
    private final String isv = Tokens.demo("acmesoft");

    @Test
    void tenantAdminInstallsConfiguresEnablesUpgradesAndUninstallsAPluginAndAViewerOnlyReads() {
        registerKeyAndPublish("1.0.0");
        try (BuilderBrowser browser = new BuilderBrowser(port)) {
            Page admin = browser.signIn("acme-admin", "/builder/plugins/marketplace");
            try {
                installFromTheMarketplace(admin);
                fillSettingsAndEnable(admin);
                checkThroughTheApi();
                reopenSettingsAndSeeTheMask(admin);
                publish("2.0.0");
                upgrade(admin);
                viewerOnlyReads(browser.signIn("acme-viewer", "/builder/plugins"));
                uninstall(admin);
            } catch (RuntimeException | AssertionError e) {
                BuilderBrowser.shot(admin, "failure-plugins");
                throw e;
            }
        }
    }

    private void registerKeyAndPublish(String version) {
        var reply = api().post("/api/v1/marketplace/keys", isv,
                Api.JSON.writeValueAsString(Map.of("publicKey", ItPlugins.pem(key))));
        assertThat(reply.status()).as(reply.raw()).isEqualTo(201);
        publish(version);
    }

    private void publish(String version) {
        var release = ItPlugins.settingsZip(id, version, "acmesoft").buildSigned(key.getPrivate());
        var reply = api().multipart("/api/v1/marketplace/releases", isv, Map.of("package", release.zip(),
                "signature", Base64.getEncoder().encode(release.signature())));
        assertThat(reply.status()).as(reply.raw()).isEqualTo(201);
    }

    private void installFromTheMarketplace(Page page) {
        page.fill("#marketplace-search input", id);
        page.press("#marketplace-search input", "Enter");
        assertThat(page.locator("#marketplace-count")).hasText("1 plugin");
        Locator grid = page.locator("#marketplace");
        assertThat(grid).containsText("Shop sync");
        assertThat(grid).containsText("Copies a shop's orders into Quanyu");
        assertThat(grid).containsText("acmesoft");
        assertThat(grid).containsText("Compatible");
        BuilderBrowser.shot(page, "20-plugins-marketplace");
        visible(page, "#details-" + id).click();
        Locator detail = page.locator("#plugin-detail");
        assertThat(detail.locator("#releases")).containsText("1.0.0");
        assertThat(detail).containsText(id);
        BuilderBrowser.shot(page, "21-plugins-detail");
        page.click("#install-newest");
        assertThat(page.locator("#installed-plugins")).containsText(id);
        assertThat(page.locator("#status-" + id)).hasText("Installed");
    }

    private void fillSettingsAndEnable(Page page) {
        visible(page, "#settings-" + id).click();
        assertThat(page.locator("#settings-form")).isVisible();
        assertThat(page.locator("#setting-shop-name")).hasAttribute("required", "");
        page.fill("#setting-shop-name input", "Acme flagship");
        page.fill("#setting-discount input", "80");
        page.click("#setting-region");
        page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("south").setExact(true)).click();
        page.locator("#setting-sync-orders input").check();
        page.click("#enable-plugin");
        Locator discount = page.locator("#setting-discount");
        assertThat(discount).hasAttribute("invalid", "");
        assertThat(discount.locator("[slot=error-message]")).containsText("50");
        assertThat(page.locator("#setting-api-key [slot=error-message]")).containsText("required");
        BuilderBrowser.shot(page, "22-plugins-settings-error");

        page.fill("#setting-discount input", "15");
        page.fill("#setting-api-key input", "wrong");
        page.click("#enable-plugin");
        assertThat(page.locator("#settings-refusal")).containsText("rejected the API key");
        assertThat(page.locator("#setting-discount")).not().hasAttribute("invalid", "");
        BuilderBrowser.shot(page, "23-plugins-activation-refused");

        page.fill("#setting-api-key input", "k-secret-1");
        page.click("#enable-plugin");
        assertThat(page.locator("#status-" + id)).hasText("Enabled");
    }

    private void checkThroughTheApi() {
        var reply = api().get("/api/v1/plugins/" + id, Tokens.demo("acme-admin"));
        assertThat(reply.status()).as(reply.raw()).isEqualTo(200);
        JsonNode installation = reply.json();
        assertThat(installation.path("enabled").asBoolean()).isTrue();
        JsonNode settings = installation.path("settings");
        assertThat(settings.path("shopName").asString()).isEqualTo("Acme flagship");
        assertThat(settings.path("discount").asDouble()).isEqualTo(15.0);
        assertThat(settings.path("region").asString()).isEqualTo("south");
        assertThat(settings.path("syncOrders").asBoolean()).isTrue();
        assertThat(settings.path("apiKey").asString()).isEqualTo("********");
    }

    private void reopenSettingsAndSeeTheMask(Page page) {
        visible(page, "#settings-" + id).click();
        assertThat(page.locator("#setting-api-key input")).hasValue("********");
        assertThat(page.locator("#setting-shop-name input")).hasValue("Acme flagship");
        page.fill("#setting-shop-name input", "Acme flagship store");
        page.click("#save-settings");
        assertThat(page.locator("#setting-api-key input")).hasValue("********");
        var settings = api().get("/api/v1/plugins/" + id, Tokens.demo("acme-admin")).json().path("settings");
        assertThat(settings.path("shopName").asString()).isEqualTo("Acme flagship store");
        assertThat(settings.path("apiKey").asString()).isEqualTo("********");
        page.click("#back-to-plugins");
    }

    private void upgrade(Page page) {
        // a fresh visit of the list (not a reload, which could race the way back from the settings page)
        page.navigate("http://127.0.0.1:" + port + "/builder/plugins");
        visible(page, "#upgrade-" + id).click();
        assertThat(page.locator("#upgrade-version")).containsText("2.0.0");
        page.click("#upgrade-confirm");
        assertThat(page.locator("#version-" + id)).hasText("2.0.0");
        assertThat(page.locator("#status-" + id)).hasText("Enabled");
        visible(page, "#upgrade-" + id).click();
        page.click("#upgrade-version");
        page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("1.0.0 (older)")).click();
        assertThat(page.locator("#upgrade-confirm")).isDisabled();
        page.locator("#upgrade-force input").check();
        assertThat(page.locator("#upgrade-confirm")).isEnabled();
        assertThat(page.locator("#upgrade-confirm")).hasText("Downgrade");
        BuilderBrowser.shot(page, "24-plugins-downgrade-confirmation");
        page.click("#upgrade-cancel");
        assertThat(page.locator("#upgrade-dialog")).isHidden();
        assertThat(page.locator("#version-" + id)).hasText("2.0.0");
        BuilderBrowser.shot(page, "25-plugins-installed");
    }

    private void viewerOnlyReads(Page page) {
        assertThat(page.locator("#version-" + id)).hasText("2.0.0");
        assertThat(page.locator("#status-" + id)).hasText("Enabled");
        assertThat(page.locator("#settings-" + id)).hasCount(0);
        assertThat(page.locator("#upgrade-" + id)).hasCount(0);
        assertThat(page.locator("#uninstall-" + id)).hasCount(0);
        assertThat(page.locator("#disable-" + id)).hasCount(0);
        BuilderBrowser.shot(page, "26-plugins-viewer-installed");
        page.click("#open-marketplace");
        page.fill("#marketplace-search input", id);
        page.press("#marketplace-search input", "Enter");
        assertThat(page.locator("#marketplace-count")).hasText("1 plugin");
        visible(page, "#details-" + id).click();
        assertThat(page.locator("#detail-installed")).containsText("2.0.0");
        assertThat(page.locator("#install-newest")).hasCount(0);
        assertThat(page.locator("#plugin-detail vaadin-button[id^=install-]")).hasCount(0);
        BuilderBrowser.shot(page, "27-plugins-viewer-detail");
    }

    private void uninstall(Page page) {
        visible(page, "#uninstall-" + id).click();
        page.locator("vaadin-button[slot='confirm-button']").click();
        assertThat(page.getByText("Shop sync uninstalled")).isVisible();
        assertThat(page.locator("#status-" + id)).isHidden();
        assertThat(api().get("/api/v1/plugins/" + id, Tokens.demo("acme-admin")).status()).isEqualTo(404);
    }

    /**
     * The visible one of the elements with this id: a Vaadin grid keeps the cells of rows it no longer shows in the
     * page (hidden), so after a search the same row's button can exist twice.
     */
    private static Locator visible(Page page, String selector) {
        return page.locator(selector + " >> visible=true");
    }
}
