package io.quanyu.server.it;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's Chromium driven by Playwright for the builder's browser tests: signs users in through the real Keycloak
 * login page and writes screenshots to {@code target/screenshots/}. One per test; close it at the end.
 */
final class BuilderBrowser implements AutoCloseable {
    static final Path SHOTS = Path.of("target/screenshots");
    private final Playwright playwright;
    private final Browser browser;
    private final int port;

    BuilderBrowser(int port) {
        assertThat(Files.isExecutable(GraphiqlBrowserIT.CHROMIUM)).as("Chromium at " + GraphiqlBrowserIT.CHROMIUM).isTrue();
        try {
            Files.createDirectories(SHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.port = port;
        this.playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        this.browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(GraphiqlBrowserIT.CHROMIUM).setHeadless(true)
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--no-first-run", "--disable-sync")));
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** A new browser context (its own cookies) in which {@code user} signed in and landed on {@code path}. */
    Page signIn(String user, String path) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setLocale("en-US")
                .setViewportSize(1400, 900));
        context.setDefaultTimeout(20_000);
        Page page = context.newPage();
        page.navigate(url(path));
        page.fill("#username", user);
        page.fill("#password", Tokens.DEMO_PASSWORD);
        page.click("#kc-login");
        try {
            page.waitForURL("**" + path + "**");
            assertThat(page.locator("#header-user")).hasText(user);
        } catch (RuntimeException | AssertionError e) {
            shot(page, "failure-login-" + user);
            throw e;
        }
        return page;
    }

    /**
     * A full-page screenshot at {@code target/screenshots/<name>.png}, with CSS animations finished first (a dialog
     * that is still fading in or out would otherwise be caught half drawn).
     */
    static void shot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SHOTS.resolve(name + ".png")).setFullPage(true)
                .setAnimations(com.microsoft.playwright.options.ScreenshotAnimations.DISABLED));
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
