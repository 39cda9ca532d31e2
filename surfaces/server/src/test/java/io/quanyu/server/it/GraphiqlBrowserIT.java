package io.quanyu.server.it;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * GraphiQL in a real browser (Debian's Chromium driven by Playwright): sign in through Keycloak, run a query,
 * see the tenant's data. The screenshot is kept in target/graphiql.png.
 */
class GraphiqlBrowserIT extends RealServersIT {
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("QUANYU_CHROMIUM", "/usr/bin/chromium"));

    @Test
    void signedInUserRunsAQueryInGraphiql() throws Exception {
        org.assertj.core.api.Assertions.assertThat(Files.isExecutable(CHROMIUM))
                .as("Chromium at " + CHROMIUM + " (apt-get install -y chromium; .ci/run installs it)").isTrue();
        String query = "{ _objects { apiName } customers(first: 1) { totalCount } }";
        try (Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))) {
            Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(CHROMIUM)
                    .setHeadless(true).setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                            "--disable-component-update", "--no-first-run", "--disable-sync")));
            Page page = browser.newPage();
            page.navigate("http://127.0.0.1:" + port + "/graphiql?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
            page.fill("#username", "acme-builder");
            page.fill("#password", Tokens.DEMO_PASSWORD);
            page.click("#kc-login");
            page.waitForURL("**/graphiql/index.html**");
            page.waitForLoadState(com.microsoft.playwright.options.LoadState.NETWORKIDLE);
            page.locator(".graphiql-execute-button").click();
            assertThat(page.locator(".result-window")).containsText("totalCount", new com.microsoft.playwright.assertions
                    .LocatorAssertions.ContainsTextOptions().setTimeout(20_000));
            assertThat(page.locator(".result-window")).containsText("\"apiName\": \"customer\"");
            page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/graphiql.png")).setFullPage(true));
            browser.close();
        }
    }
}
