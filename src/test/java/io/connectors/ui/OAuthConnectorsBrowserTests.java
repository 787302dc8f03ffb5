package io.connectors.ui;

import io.connectors.testsupport.Tokens;
import io.connectors.testsupport.browser.HeadlessChromium;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

/**
 * The {@code /mcps} page's OAuth parts in headless Chromium against the running service: what the page shows when
 * the sign-in callback sends the browser back.
 */
@QuarkusTest
class OAuthConnectorsBrowserTests extends BrowserTestBase {

    String org;

    RequestSpecification api() {
        return given().auth().oauth2(Tokens.staff(Tokens.DEFAULT_USER, org)).contentType(ContentType.JSON);
    }

    String prefix() {
        return "/api/organizations/" + org;
    }

    HeadlessChromium signedIn() {
        org = "ui-" + UUID.randomUUID().toString().substring(0, 8);
        return browser.signIn(Tokens.staff(Tokens.DEFAULT_USER, org), org);
    }

    String createConnector(String name, String url) {
        return api().body(Map.of("name", name, "url", url)).post(prefix() + "/mcps").then().statusCode(201)
                .extract().path("id");
    }

    @Test
    void aSuccessfulReturnIsAnnouncedOnceAndLeavesTheAddressBar() {
        signedIn();
        String id = createConnector("Tracker", "https://tracker.example.com/mcp");
        browser.open("/mcps?authorized=" + id);

        WebElement notice = browser.find(".signin-result[role=status]");
        browser.waitUntil(d -> notice.getText().equals("Signed in: Tracker is connected."));
        assertThat(browser.driver().getCurrentUrl(), endsWith("/mcps"));
        browser.screenshot("connectors-signed-in");

        browser.driver().navigate().refresh();
        browser.find("tr[data-row=connector]");
        assertThat(browser.driver().findElements(By.cssSelector(".signin-result")).isEmpty(), is(true));
    }

    @Test
    void anErrorReturnIsShownAsQuotedTextNeverAsMarkup() {
        signedIn();
        String text = "<img src=x onerror=alert(1)><b>access_denied</b>: the user refused";
        browser.open("/mcps?authorization_error=" + URLEncoder.encode(text, StandardCharsets.UTF_8));

        WebElement alert = browser.find(".signin-result[role=alert]");
        assertThat(alert.getText(), equalTo("The sign-in did not complete. The server said: \u201c" + text + "\u201d"));
        WebElement quoted = alert.findElement(By.cssSelector(".returned-error"));
        assertThat(quoted.findElements(By.xpath("./*")).isEmpty(), is(true));
        assertThat(browser.driver().findElements(By.cssSelector("main img")).isEmpty(), is(true));
        assertThat(browser.driver().getCurrentUrl(), endsWith("/mcps"));
        browser.screenshot("connectors-sign-in-error");
    }

    @Test
    void aLongErrorIsCutAndOtherQueryParametersStay() {
        signedIn();
        String text = "x".repeat(1000);
        browser.open("/mcps?org=" + org + "&authorization_error=" + text);

        WebElement quoted = browser.find(".signin-result .returned-error");
        assertThat(quoted.getText(), equalTo("x".repeat(300) + "\u2026"));
        assertThat(browser.driver().getCurrentUrl(), endsWith("/mcps?org=" + org));
    }
}
