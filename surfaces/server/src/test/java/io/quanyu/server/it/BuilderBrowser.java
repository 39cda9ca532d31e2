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
     * Picks {@code option} in the select {@code select} (a CSS selector), among that select's own items: a select
     * picked just before may still be closing, with an item of the same name (CI once found two "done · End").
     */
    static void choose(Page page, String select, String option) {
        page.click(select);
        page.locator(select).getByRole(com.microsoft.playwright.options.AriaRole.OPTION, new com.microsoft.playwright.Locator
                .GetByRoleOptions().setName(option).setExact(true)).click();
    }

    /**
     * The button with exactly this accessible name, found by role: a grid keeps rendered rows it is not showing,
     * which only the accessibility tree leaves out.
     */
    static com.microsoft.playwright.Locator button(Page page, String label) {
        return page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName(label)
                .setExact(true));
    }

    /** A new browser context for a customer on a phone: a narrow screen, the language {@code locale}. */
    Page customer(String locale) {
        BrowserContext context = browser.newContext(new Browser.NewContextOptions().setLocale(locale)
                .setViewportSize(390, 844));
        context.setDefaultTimeout(20_000);
        return context.newPage();
    }

    /**
     * Screen-reader basics on what the page shows now: every visible input, text area and combo box has an
     * accessible name (a label element, aria-label or aria-labelledby pointing at text) and every visible button
     * has text or an aria-label. Fails with the unnamed controls listed.
     */
    static void assertAccessible(Page page) {
        Object unnamed = page.evaluate("""
                () => {
                  const visible = e => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
                  const text = id => id.split(/\\s+/).map(i => document.getElementById(i))
                      .map(e => e ? e.textContent.trim() : '').join('');
                  const named = e => (e.labels && [...e.labels].some(l => l.textContent.trim()))
                      || (e.getAttribute('aria-label') || '').trim()
                      || (e.getAttribute('aria-labelledby') && text(e.getAttribute('aria-labelledby')));
                  const controls = [...document.querySelectorAll('input:not([type=hidden]), textarea')]
                      .filter(visible).filter(e => !named(e)).map(e => (e.closest('[id]') || e).id || e.outerHTML);
                  const buttons = [...document.querySelectorAll('vaadin-button, button')].filter(visible)
                      .filter(b => !b.textContent.trim() && !(b.getAttribute('aria-label') || '').trim())
                      .map(b => b.id || b.outerHTML.slice(0, 80));
                  return controls.concat(buttons);
                }""");
        assertThat((java.util.List<?>) unnamed).as("controls without an accessible name").isEmpty();
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
