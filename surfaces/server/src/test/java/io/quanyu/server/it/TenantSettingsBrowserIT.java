package io.quanyu.server.it;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.UUID;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tenant settings in a real browser through the real Keycloak: acme-admin adds a viewer, makes them a builder, adds
 * an API client whose secret (read from the dialog) obtains a token that the API accepts for acme, regenerates the
 * secret (the old one stops working), deletes client and user (Keycloak no longer has them) and reads the quota
 * usage, also in Chinese; acme-builder is refused the settings. Screenshots 40-45 go to target/screenshots/.
 */
class TenantSettingsBrowserIT extends RealServersIT {
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String username = "it-" + suffix;
    private final String clientId = "acme-it-sync-" + suffix;

    @Autowired
    Keycloak keycloak;

    /** Keycloak admin calls and the first Vaadin load can take longer than 5 s on a busy 2-core machine. */
    @BeforeAll
    static void patience() {
        PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
    }

    @AfterEach
    void removeWhatAFailedRunLeft() {
        var realm = keycloak.realm("quanyu");
        realm.users().searchByUsername(username, true).forEach(u -> realm.users().delete(u.getId()).close());
        realm.clients().findByClientId(clientId).forEach(c -> realm.clients().get(c.getId()).remove());
    }

    @Test
    void adminManagesUsersAndApiClientsAndABuilderIsRefused() {
        try (BuilderBrowser browser = new BuilderBrowser(port)) {
            Page admin = browser.signIn("acme-admin", "/builder/settings");
            try {
                addUserAndChangeTheirRole(admin);
                String secret = addApiClientAndCallTheApi(admin);
                regenerateTheSecret(admin, secret);
                deleteClientAndUser(admin);
                readQuotaUsage(admin);
            } catch (RuntimeException | AssertionError e) {
                BuilderBrowser.shot(admin, "failure-settings-admin");
                throw e;
            }
            builderIsRefused(browser.signIn("acme-builder", "/builder/settings"));
        }
    }

    private void addUserAndChangeTheirRole(Page page) {
        assertThat(page.locator("#nav")).containsText("Settings");
        assertThat(page.locator("#users")).containsText("acme-viewer");
        assertThat(page.locator("[id='user-delete-acme-admin']")).hasCount(0);
        BuilderBrowser.shot(page, "40-settings-users");

        page.click("#new-user");
        page.fill("#user-username input", "acme-viewer");
        page.fill("#user-email input", username + "@example.com");
        page.fill("#user-first-name input", "Mei");
        page.fill("#user-last-name input", "Han");
        assertThat(checkbox(page, "#user-roles", "Viewer")).isChecked();
        assertThat(page.locator("#user-password input")).not().hasValue("");
        page.click("#save-user");
        assertThat(page.locator("#user-username")).hasAttribute("invalid", "");
        assertThat(page.locator("#user-username")).containsText("already has this username");
        BuilderBrowser.shot(page, "41-settings-create-user");
        page.fill("#user-username input", username);
        page.click("#save-user");
        assertThat(page.locator("#user-form")).hasCount(0);
        assertThat(page.locator("#users")).containsText(username);
        assertThat(page.locator("#users")).containsText("Mei Han");

        page.click("[id='user-roles-" + username + "']");
        assertThat(checkbox(page, "#roles-edit", "Viewer")).isChecked();
        checkbox(page, "#roles-edit", "Viewer").uncheck();
        checkbox(page, "#roles-edit", "Builder").check();
        page.click("#save-roles");
        assertThat(page.locator("#roles-edit")).hasCount(0);
        page.click("[id='user-roles-" + username + "']");
        assertThat(checkbox(page, "#roles-edit", "Builder")).isChecked();
        assertThat(checkbox(page, "#roles-edit", "Viewer")).not().isChecked();
        page.keyboard().press("Escape");
        var user = keycloak.realm("quanyu").users().searchByUsername(username, true).getFirst();
        assertThat(keycloak.realm("quanyu").users().get(user.getId()).roles().realmLevel().listAll())
                .extracting(r -> r.getName()).contains("builder").doesNotContain("viewer");
    }

    private String addApiClientAndCallTheApi(Page page) {
        page.click("#tab-clients");
        assertThat(page.locator("#api-clients")).containsText("acme-integrator");
        page.click("#new-client");
        page.fill("#client-name input", "IT sync " + suffix);
        page.fill("#client-description textarea", "Browser test client");
        assertThat(checkbox(page, "#client-roles", "Integrator")).isChecked();
        page.click("#save-client");
        assertThat(page.locator("#secret-client-id input")).hasValue(clientId);
        String secret = page.locator("#client-secret textarea").inputValue();
        assertThat(secret).isNotBlank();
        BuilderBrowser.shot(page, "42-settings-client-secret");
        page.click("#copy-secret");
        assertThat(page.locator("vaadin-notification-card").filter(new Locator.FilterOptions()
                .setHasText(Pattern.compile("copied|copy it yourself"))).first()).isVisible();
        page.click("#close-secret");
        assertThat(page.locator("#api-clients")).containsText(clientId);

        var tenant = api().get("/api/v1/tenant", Tokens.clientCredentials(clientId, secret));
        assertThat(tenant.status()).isEqualTo(200);
        assertThat(tenant.json().path("id").asString()).isEqualTo("acme");
        var me = api().get("/api/v1/me", Tokens.clientCredentials(clientId, secret)).json();
        assertThat(me.path("serviceAccount").asBoolean()).isTrue();
        assertThat(me.path("roles").toString()).contains("INTEGRATOR");
        return secret;
    }

    private void regenerateTheSecret(Page page, String old) {
        page.click("[id='client-regenerate-" + clientId + "']");
        page.locator("vaadin-button[slot='confirm-button']").click();
        assertThat(page.locator("#secret-client-id input")).hasValue(clientId);
        String renewed = page.locator("#client-secret textarea").inputValue();
        page.click("#close-secret");
        assertThat(renewed).isNotBlank().isNotEqualTo(old);
        assertThatThrownBy(() -> Tokens.clientCredentials(clientId, old)).hasMessageContaining("401");
        assertThat(api().get("/api/v1/tenant", Tokens.clientCredentials(clientId, renewed)).status()).isEqualTo(200);
    }

    private void deleteClientAndUser(Page page) {
        page.click("[id='client-delete-" + clientId + "']");
        page.locator("vaadin-button[slot='confirm-button']").click();
        // the grid keeps the cells of a removed row in the DOM, hidden: its own button must no longer show
        assertThat(page.locator("[id='client-delete-" + clientId + "']")).isHidden();
        assertThat(page.locator("#api-clients")).containsText("acme-integrator");
        assertThat(keycloak.realm("quanyu").clients().findByClientId(clientId)).isEmpty();

        page.click("#tab-users");
        page.click("[id='user-delete-" + username + "']");
        page.locator("vaadin-button[slot='confirm-button']").click();
        assertThat(page.locator("[id='user-delete-" + username + "']")).isHidden();
        assertThat(keycloak.realm("quanyu").users().searchByUsername(username, true)).isEmpty();
    }

    private void readQuotaUsage(Page page) {
        page.click("#tab-quotas");
        for (String quota : new String[] {"records", "objectTypes", "fieldsPerObject", "plugins", "apiCallsPerMinute"}) {
            assertThat(page.locator("#quota-" + quota)).isVisible();
            assertThat(page.locator("#quota-" + quota + "-value")).containsText(" of ");
        }
        assertThat(page.locator("#quota-plugins-value")).containsText("of 20");
        BuilderBrowser.shot(page, "43-settings-quotas");

        page.click("#language");
        page.getByRole(AriaRole.OPTION, new Page.GetByRoleOptions().setName("中文").setExact(true)).click();
        assertThat(page.locator("#nav")).containsText("设置");
        page.click("#tab-quotas");
        assertThat(page.locator("#quotas")).containsText("已安装插件");
        assertThat(page.locator("#quota-plugins-value")).containsText("/ 20");
        BuilderBrowser.shot(page, "45-settings-quotas-zh");
    }

    private void builderIsRefused(Page page) {
        assertThat(page.locator("#settings-refused")).isVisible();
        assertThat(page.locator("#settings-tabs")).hasCount(0);
        assertThat(page.locator("#new-user")).hasCount(0);
        assertThat(page.locator("#nav")).not().containsText("Settings");
        BuilderBrowser.shot(page, "44-settings-builder-refused");
    }

    private static Locator checkbox(Page page, String group, String label) {
        return page.locator(group + " vaadin-checkbox").filter(new Locator.FilterOptions().setHasText(label))
                .locator("input");
    }
}
