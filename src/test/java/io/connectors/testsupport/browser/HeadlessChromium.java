package io.connectors.testsupport.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Debian's Chromium driven by its chromedriver, headless, with a fresh profile and no background networking, so a
 * test only ever talks to the service on 127.0.0.1. Paths can be changed with {@code -Dchromium.binary} and
 * {@code -Dchromedriver.binary}; nothing is downloaded.
 */
public final class HeadlessChromium implements AutoCloseable {

    /** Laptop and phone viewports the screenshots are taken at. */
    public static final Dimension LAPTOP = new Dimension(1366, 900);
    public static final Dimension PHONE = new Dimension(390, 844);

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriver driver;
    private final Path profile;
    private final URI base;

    private HeadlessChromium(ChromeDriver driver, Path profile, URI base) {
        this.driver = driver;
        this.profile = profile;
        this.base = base;
    }

    public static HeadlessChromium start(URI base) {
        try {
            Path profile = Files.createTempDirectory("connectors-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(System.getProperty("chromium.binary", "/usr/bin/chromium"));
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--lang=en-US", "--user-data-dir=" + profile);
            // Keep the page's console so a failing test can show what the page logged.
            var logging = new org.openqa.selenium.logging.LoggingPreferences();
            logging.enable(org.openqa.selenium.logging.LogType.BROWSER, java.util.logging.Level.ALL);
            options.setCapability("goog:loggingPrefs", logging);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver")))
                    .usingAnyFreePort()
                    .build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().window().setSize(LAPTOP);
            return new HeadlessChromium(driver, profile, base);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /**
     * Signs the page in with {@code token} the way a test may: the page reads its token from sessionStorage, which
     * belongs to the origin, so the browser first opens a plain resource of the service.
     */
    public HeadlessChromium signIn(String token, String organization) {
        driver.get(base.resolve("/ui/config").toString());
        js("sessionStorage.clear(); sessionStorage.setItem('connectors.token', arguments[0]);"
                + "if (arguments[1]) sessionStorage.setItem('connectors.org', arguments[1]);", token, organization);
        return this;
    }

    /** Opens a page path and waits until the app rendered its view (not the boot placeholder). */
    public HeadlessChromium open(String path) {
        driver.get(base.resolve(path).toString());
        waitUntil(d -> !d.findElements(By.cssSelector("cn-app main")).isEmpty());
        return this;
    }

    public Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    public <T> T waitUntil(ExpectedCondition<T> condition) {
        // The page re-renders as data arrives: an element read a moment ago may be replaced; look again.
        return new WebDriverWait(driver, Duration.ofSeconds(15))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(condition);
    }

    public WebElement find(String css) {
        return waitUntil(d -> {
            var found = d.findElements(By.cssSelector(css));
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    public void waitGone(String css) {
        waitUntil(d -> d.findElements(By.cssSelector(css)).stream().noneMatch(WebElement::isDisplayed));
    }

    /** Saves a PNG of the viewport under {@code target/screenshots}. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Screenshot of the whole page at phone width (beyond the viewport, through the DevTools protocol). */
    @SuppressWarnings("unchecked")
    public void phoneScreenshot(String name) {
        driver.manage().window().setSize(PHONE);
        try {
            Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
            Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
            double width = ((Number) size.get("width")).doubleValue();
            double height = Math.min(4000, ((Number) size.get("height")).doubleValue());
            Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of(
                    "captureBeyondViewport", true,
                    "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(LAPTOP);
        }
    }

    /** What the page logged to its console since the last call. */
    public String consoleLog() {
        StringBuilder out = new StringBuilder();
        driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER)
                .forEach(entry -> out.append(entry.getLevel()).append(' ').append(entry.getMessage()).append('\n'));
        return out.toString();
    }

    /**
     * A JUnit extension that, when a test fails, saves a screenshot named after it and prints the page's console.
     * Register it with {@code @RegisterExtension} next to the browser field.
     */
    public static org.junit.jupiter.api.extension.TestWatcher onFailure(java.util.function.Supplier<HeadlessChromium> browser) {
        return new org.junit.jupiter.api.extension.TestWatcher() {
            @Override
            public void testFailed(org.junit.jupiter.api.extension.ExtensionContext context, Throwable cause) {
                HeadlessChromium b = browser.get();
                if (b == null) {
                    return;
                }
                try {
                    b.screenshot("FAILED-" + context.getRequiredTestMethod().getName());
                    System.err.println("Page at failure: " + b.driver.getCurrentUrl() + "\n" + b.consoleLog());
                } catch (RuntimeException e) {
                    System.err.println("Could not capture the page after a failure: " + e);
                }
            }
        };
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // A leftover temp profile is harmless.
            }
        }
    }
}
