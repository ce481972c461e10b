package com.trueup.support;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.BoundingBox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A real browser for UI tests: Debian's Chromium (never a downloaded one), headless, driven by Playwright.
 * Signs in through the login form, collects console errors and uncaught page errors (a CSP violation, a missing
 * script, a JavaScript exception) and fails the test with them when closed, and saves screenshots under
 * {@code target/screenshots}. Use with try-with-resources:
 *
 * <pre>{@code
 * try (Browser browser = Browser.open(baseUrl())) {
 *     Page page = browser.signIn(email, password).page();
 *     page.navigate(browser.url("/mapping"));
 * }
 * }</pre>
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Paths.get(System.getProperty("trueup.test.chromium", "/usr/bin/chromium"));
    public static final Path SCREENSHOTS = Paths.get("target", "screenshots");

    private final String baseUrl;
    private final Playwright playwright;
    private final com.microsoft.playwright.Browser browser;
    private final BrowserContext context;
    private final Page page;
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());

    private Browser(String baseUrl) {
        this.baseUrl = baseUrl;
        this.playwright = Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            this.browser = playwright
                    .chromium()
                    .launch(new BrowserType.LaunchOptions()
                            .setHeadless(true)
                            .setExecutablePath(CHROMIUM)
                            .setArgs(List.of(
                                    "--no-sandbox",
                                    "--disable-gpu",
                                    "--disable-background-networking",
                                    "--disable-component-update",
                                    "--disable-sync",
                                    "--no-first-run")));
            this.context = browser.newContext(
                    new com.microsoft.playwright.Browser.NewContextOptions().setViewportSize(1400, 1000));
            this.context.setDefaultTimeout(15_000);
            this.page = context.newPage();
            page.onConsoleMessage(message -> {
                // The browser asks for /favicon.ico on its own; the application has none. Everything else counts.
                if ("error".equals(message.type())
                        && !String.valueOf(message.location()).contains("/favicon.ico")) {
                    errors.add("console: " + message.text() + " (" + message.location() + ")");
                }
            });
            page.onPageError(error -> errors.add("page error: " + error));
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    /** Launches Chromium with an empty session; nothing is signed in yet. */
    public static Browser open(String baseUrl) {
        return new Browser(baseUrl);
    }

    public Page page() {
        return page;
    }

    public String url(String path) {
        return baseUrl + path;
    }

    /** Signs in through the login form and waits for the home page. */
    public Browser signIn(String email, String password) {
        page.navigate(url("/login"));
        page.locator("#username").fill(email);
        page.locator("#password").fill(password);
        page.locator("form button[type=submit]").click();
        page.waitForURL(u -> !u.contains("/login"));
        return this;
    }

    /**
     * Drags with the real mouse: press on {@code source}, move to {@code target} in small steps (as libraries that
     * emulate drag and drop with mouse events, e.g. SortableJS's fallback mode, need), release.
     */
    public void dragAndDrop(Locator source, Locator target) {
        source.scrollIntoViewIfNeeded();
        BoundingBox from = source.boundingBox();
        page.mouse().move(from.x + from.width / 2, from.y + from.height / 2);
        page.mouse().down();
        page.mouse()
                .move(
                        from.x + from.width / 2 + 5,
                        from.y + from.height / 2 + 5,
                        new com.microsoft.playwright.Mouse.MoveOptions().setSteps(5));
        target.scrollIntoViewIfNeeded();
        BoundingBox to = target.boundingBox();
        page.mouse()
                .move(
                        to.x + to.width / 2,
                        to.y + to.height / 2,
                        new com.microsoft.playwright.Mouse.MoveOptions().setSteps(20));
        page.mouse()
                .move(
                        to.x + to.width / 2 + 2,
                        to.y + to.height / 2 + 2,
                        new com.microsoft.playwright.Mouse.MoveOptions().setSteps(3));
        page.mouse().up();
    }

    /** Saves a full-page screenshot as {@code target/screenshots/<name>.png}. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        Path file = SCREENSHOTS.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        return file;
    }

    /** Console errors and page errors so far. */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    /** Fails the test if the page logged an error to the console or threw. */
    public void assertNoConsoleErrors() {
        if (!errors.isEmpty()) {
            throw new AssertionError("The browser reported errors:\n" + String.join("\n", errors));
        }
    }

    /** Closes the browser, then fails if the page reported errors. */
    @Override
    public void close() {
        try {
            context.close();
            browser.close();
        } finally {
            playwright.close();
        }
        assertNoConsoleErrors();
    }
}
