package io.connectors.ui;

import io.connectors.testsupport.browser.HeadlessChromium;
import io.quarkus.test.common.http.TestHTTPResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

import java.net.URI;

/**
 * What every browser test class shares: one headless Chromium for the class, pointed at the running service, and a
 * screenshot plus the page's console when a test fails.
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

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }
}
