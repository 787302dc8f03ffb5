package io.connectors.ui;

import io.connectors.testsupport.browser.HeadlessChromium;
import io.quarkus.test.common.http.TestHTTPResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

import java.net.URI;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

/**
 * What every browser test class shares: one headless Chromium for the class, pointed at the running service, and a
 * screenshot plus the page's console when a test fails, and the check that the page broke no rule of its
 * Content-Security-Policy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BrowserTestBase {

    @TestHTTPResource("/")
    URI base;

    HeadlessChromium browser;

    @RegisterExtension
    TestWatcher failures = HeadlessChromium.onFailure(() -> browser);

    @BeforeAll
    void startBrowser() {
        browser = HeadlessChromium.start(base);
    }

    /**
     * The page runs under its Content-Security-Policy: any refused script, style, image or request shows in the
     * console, and fails the test that caused it.
     */
    @AfterEach
    void nothingWasRefusedByTheContentSecurityPolicy() {
        String console = browser.consoleLog();
        if (!console.isBlank()) {
            System.err.println("Page console:\n" + console);
        }
        assertThat(console, not(containsString("Content Security Policy")));
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }
}
