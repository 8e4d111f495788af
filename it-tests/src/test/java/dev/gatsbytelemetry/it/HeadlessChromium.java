package dev.gatsbytelemetry.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver by Selenium: no browser or
 * driver is downloaded (the driver's path is given, so Selenium Manager never runs), and a fresh
 * profile directory per instance keeps runs independent.
 *
 * <p>Views are sized by device-metrics emulation rather than by window size, so that a phone view
 * is a real mobile viewport (the page's {@code <meta name="viewport">} applies) at any window size.
 */
public final class HeadlessChromium implements AutoCloseable {

    public static final Path BROWSER = Path.of("/usr/bin/chromium");
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;

    public HeadlessChromium(Path profileDir) {
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, DRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--window-size=1280,800",
                "--user-data-dir=" + profileDir.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    /** True when both Debian packages are installed. */
    public static boolean installed() {
        return Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** A desktop viewport of {@code width}×{@code height} CSS pixels. */
    public void desktop(int width, int height) {
        viewport(width, height, false);
    }

    /** A phone viewport (mobile emulation: the page's viewport meta tag applies). */
    public void phone(int width, int height) {
        viewport(width, height, true);
    }

    private void viewport(int width, int height, boolean mobile) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    }

    /** Opens {@code url} and waits until the page's script says it is done ({@code body[data-state]}). */
    public void open(String url) {
        driver.get(url);
        awaitLoaded();
    }

    public void awaitLoaded() {
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> {
            Object state = ((JavascriptExecutor) d).executeScript(
                    "return document.readyState === 'complete' ? document.body.getAttribute('data-state') : null;");
            return state != null;
        });
    }

    public Object script(String javascript, Object... args) {
        return driver.executeScript(javascript, args);
    }

    /** Saves what the viewport shows, and the whole page, as {@code <dir>/<name>.png} and {@code <name>-full.png}. */
    public void screenshots(Path dir, String name) {
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + ".png"), capture(false));
            Files.write(dir.resolve(name + "-full.png"), capture(true));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] capture(boolean fullPage) {
        Map<String, Object> params = fullPage
                ? Map.of("format", "png", "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0,
                        "width", ((Number) script("return document.documentElement.scrollWidth;")).intValue(),
                        "height", ((Number) script("return document.documentElement.scrollHeight;")).intValue(),
                        "scale", 1))
                : Map.of("format", "png");
        Map<String, Object> result = driver.executeCdpCommand("Page.captureScreenshot", params);
        return Base64.getDecoder().decode((String) result.get("data"));
    }

    @Override
    public void close() {
        driver.quit();
    }
}
