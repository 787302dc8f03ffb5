package io.connectors.ui;

import io.connectors.testsupport.Tokens;
import io.connectors.testsupport.browser.HeadlessChromium;
import io.connectors.testsupport.oauth.ProtectedMcpServer;
import io.connectors.testsupport.oauth.TestAuthorizationServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * The {@code /mcps} page's OAuth parts in headless Chromium against the running service: the Add/Edit fields, the
 * row's Sign in through a real authorization server (on 127.0.0.1, approving at once) and the callback, Disconnect,
 * and what the page shows when the callback sends the browser back.
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

    void type(String css, String text) {
        WebElement input = browser.find(css);
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        input.sendKeys(text);
    }

    WebElement row(String name) {
        return browser.waitUntil(d -> d.findElements(By.xpath(
                "//tr[@data-row='connector'][.//span[@class='name' and text()='" + name + "']]")).stream()
                .findFirst().orElse(null));
    }

    /** Form controls on screen that assistive technology could not name. */
    @SuppressWarnings("unchecked")
    List<String> unlabelledControls() {
        return (List<String>) browser.js("""
                return [...document.querySelectorAll('input, select, textarea, button')]
                  .filter(el => el.offsetParent !== null)
                  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                                && !(el.tagName === 'BUTTON' && el.textContent.trim()))
                  .map(el => el.outerHTML.slice(0, 80));""");
    }

    @Test
    void addCreatesAnOAuthConnectorWithASharedSignInAndAPreRegisteredClient() {
        signedIn().open("/mcps");
        browser.find("#add-connector").click();
        type("#field-name", "Tracker");
        type("#field-url", "https://tracker.example.com/mcp");
        // Headers is the default; Sign in with OAuth sits next to it.
        assertThat(browser.find("#auth-headers").isSelected(), is(true));
        assertThat(browser.find("label[for=auth-oauth]").getText(), equalTo("Sign in with OAuth"));
        browser.find("#auth-oauth").click();
        assertThat(browser.find("#credential-user").isSelected(), is(true));
        assertThat(browser.find("label[for=credential-user]").getText(), equalTo("Each person signs in"));
        assertThat(browser.find("label[for=credential-organization]").getText(),
                equalTo("One shared sign-in for the organization"));
        browser.find("#credential-organization").click();
        // The pre-registered client is optional and starts collapsed.
        assertThat(browser.find("details.oauth-client").getAttribute("open"), nullValue());
        browser.find("details.oauth-client summary").click();
        type("#field-client_id", "connectors-test");
        type("#field-client_secret", "client-secret-value");
        type("#field-scopes", "issues:read issues:write");
        assertThat(unlabelledControls(), empty());
        browser.screenshot("add-dialog-oauth");
        browser.phoneScreenshot("add-dialog-oauth-phone");
        browser.find("dialog[open] button[type=submit]").click();
        browser.waitGone("dialog[open]");

        WebElement row = row("Tracker");
        assertThat(row.findElement(By.cssSelector(".auth-status")).getText(), equalTo("Not signed in"));
        assertThat(row.findElement(By.cssSelector("button.sign-in")).getText(), equalTo("Sign in"));
        assertThat(browser.driver().getPageSource(), not(containsString("client-secret-value")));
        String id = api().get(prefix() + "/mcps").then().statusCode(200)
                .body("[0].auth", equalTo("oauth"))
                .body("[0].credential", equalTo("organization"))
                .body("[0].oauth_client.client_id", equalTo("connectors-test"))
                .body("[0].oauth_client.client_secret", equalTo("********"))
                .body("[0].oauth_client.scopes", contains("issues:read", "issues:write"))
                .body("[0].authorization.status", equalTo("required"))
                .extract().path("[0].id");
        browser.screenshot("connectors-oauth-row");

        // Edit: the secret is never shown; left empty it stays; the scopes change.
        row.findElement(By.xpath(".//button[text()='Edit']")).click();
        browser.find("dialog[open] form[data-loaded]");
        assertThat(browser.find("#auth-oauth").isSelected(), is(true));
        assertThat(browser.find("#credential-organization").isSelected(), is(true));
        assertThat(browser.find("details.oauth-client").getAttribute("open"), equalTo("true"));
        WebElement secret = browser.find("#field-client_secret");
        assertThat(secret.getAttribute("value"), equalTo(""));
        assertThat(secret.getAttribute("placeholder"), equalTo("******** (unchanged)"));
        type("#field-scopes", "issues:read");
        browser.find("dialog[open] button[type=submit]").click();
        browser.waitGone("dialog[open]");
        api().get(prefix() + "/mcps/mcp/" + id).then().statusCode(200)
                .body("oauth_client.scopes", contains("issues:read"))
                .body("oauth_client.client_secret", equalTo("********"));
    }

    @Test
    void anOAuthConnectorRefusesAVariableUrlAndAnAuthorizationHeaderBeforeSaving() {
        signedIn().open("/mcps");
        browser.find("#add-connector").click();
        type("#field-name", "Tracker");
        type("#field-url", "https://{{HOST}}/mcp");
        browser.find("#auth-oauth").click();
        browser.find("#add-header").click();
        type(".header-key", "Authorization");
        type(".header-value", "Bearer static");
        browser.find("dialog[open] button[type=submit]").click();
        assertThat(browser.find("#error-url").getText(), containsString("can't hold {{VARIABLE}} references"));
        assertThat(browser.find("dialog[open] .header-row .field-error").getText(),
                equalTo("Authorization is sent by the OAuth sign-in: remove this header"));
        api().get(prefix() + "/mcps").then().statusCode(200).body("$", empty());
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

    /**
     * Signs the page in on the origin the sign-in callback sends the browser back to ({@code connectors.public-url}
     * of the test profile: 127.0.0.1 and the test port): the page's token lives in that origin's sessionStorage.
     */
    void openOnPublicOrigin(String token) {
        String origin = "http://127.0.0.1:" + base.getPort();
        browser.driver().get(origin + "/ui/config");
        browser.js("sessionStorage.clear(); sessionStorage.setItem('connectors.token', arguments[0]);"
                + "sessionStorage.setItem('connectors.org', arguments[1]);", token, org);
        browser.driver().get(origin + "/mcps");
        browser.waitUntil(d -> !d.findElements(By.cssSelector("cn-app main")).isEmpty());
    }

    String createOAuthConnector(String name, String url, Map<String, Object> extra) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", name, "url", url, "auth", "oauth"));
        body.putAll(extra);
        return api().body(body).post(prefix() + "/mcps").then().statusCode(201).extract().path("id");
    }

    String status(String name) {
        return row(name).findElement(By.cssSelector(".auth-status")).getText();
    }

    @Test
    void signInGoesThroughTheAuthorizationServerAndComesBackConnected() {
        try (TestAuthorizationServer authorizationServer = TestAuthorizationServer.start();
                ProtectedMcpServer server = ProtectedMcpServer.start(authorizationServer)) {
            org = "ui-" + UUID.randomUUID().toString().substring(0, 8);
            String id = createOAuthConnector("Tracker", server.url(), Map.of());
            openOnPublicOrigin(Tokens.staff(Tokens.DEFAULT_USER, org));
            assertThat(status("Tracker"), equalTo("Not signed in"));

            // Sign in: the service's authorization URL, the authorization server (approves at once), the callback,
            // and back on the page.
            row("Tracker").findElement(By.cssSelector("button.sign-in")).click();
            WebElement notice = browser.find(".signin-result[role=status]");
            assertThat(notice.getText(), equalTo("Signed in: Tracker is connected."));
            assertThat(browser.driver().getCurrentUrl(), equalTo("http://127.0.0.1:" + base.getPort() + "/mcps"));
            browser.waitUntil(d -> status("Tracker").equals("Connected"));
            assertThat(authorizationServer.codeExchanges(), equalTo(1));
            assertThat(authorizationServer.authorizeRequests().get(0).get("code_challenge_method"), equalTo("S256"));
            api().get(prefix() + "/mcps/mcp/" + id).then().body("authorization.status", equalTo("connected"));
            browser.screenshot("connectors-oauth-connected");

            // Its tools list in the test dialog now.
            row("Tracker").findElement(By.xpath(".//button[text()='Test']")).click();
            assertThat(browser.find("dialog[open] .badge.success").getText(), startsWith("Connected · "));
            browser.find("dialog[open] .modal-footer .btn.primary").click();
            browser.waitGone("dialog[open]");

            // Disconnect asks first; Cancel changes nothing.
            row("Tracker").findElement(By.cssSelector("button.disconnect")).click();
            assertThat(browser.find("dialog[open] #disconnect-title").getText(), equalTo("Disconnect Tracker?"));
            browser.find("dialog[open] .modal-footer .btn:not(.danger)").click();
            browser.waitGone("dialog[open]");
            assertThat(status("Tracker"), equalTo("Connected"));
            row("Tracker").findElement(By.cssSelector("button.disconnect")).click();
            browser.find("#confirm-disconnect").click();
            browser.waitGone("dialog[open]");
            browser.waitUntil(d -> status("Tracker").equals("Not signed in"));
            api().get(prefix() + "/mcps/mcp/" + id).then().body("authorization.status", equalTo("required"));
        }
    }

    @Test
    void aRefusedRenewalReadsExpiredAndReconnectSignsInAgain() {
        try (TestAuthorizationServer authorizationServer = TestAuthorizationServer.start()
                .accessTokenLifetime(java.time.Duration.ofSeconds(1));
                ProtectedMcpServer server = ProtectedMcpServer.start(authorizationServer)) {
            org = "ui-" + UUID.randomUUID().toString().substring(0, 8);
            String id = createOAuthConnector("Tracker", server.url(), Map.of());
            openOnPublicOrigin(Tokens.staff(Tokens.DEFAULT_USER, org));
            row("Tracker").findElement(By.cssSelector("button.sign-in")).click();
            browser.find(".signin-result[role=status]");
            browser.waitUntil(d -> status("Tracker").equals("Connected"));

            // The token is due for renewal and the authorization server refuses to renew it.
            authorizationServer.refuseRefresh("invalid_grant");
            api().body(Map.of("mcp_id", id)).post(prefix() + "/mcps/test").then().statusCode(200)
                    .body("authorization_required", equalTo(true));
            browser.driver().navigate().refresh();
            browser.waitUntil(d -> status("Tracker").equals("Expired"));
            WebElement reconnect = row("Tracker").findElement(By.cssSelector("button.sign-in"));
            assertThat(reconnect.getText(), equalTo("Reconnect"));
            assertThat(row("Tracker").findElement(By.cssSelector(".last-attempt")).getText(),
                    startsWith("Last attempt failed: "));
            browser.screenshot("connectors-oauth-expired");

            authorizationServer.refuseRefresh(null);
            reconnect.click();
            assertThat(browser.find(".signin-result[role=status]").getText(),
                    equalTo("Signed in: Tracker is connected."));
            browser.waitUntil(d -> status("Tracker").equals("Connected"));
            assertThat(authorizationServer.codeExchanges(), equalTo(2));
        }
    }

    @Test
    void theTestDialogOffersTheSignInTheServerAsksFor() {
        try (TestAuthorizationServer authorizationServer = TestAuthorizationServer.start();
                ProtectedMcpServer server = ProtectedMcpServer.start(authorizationServer)) {
            org = "ui-" + UUID.randomUUID().toString().substring(0, 8);
            createOAuthConnector("Docs", server.url(), Map.of("credential", "organization"));
            openOnPublicOrigin(Tokens.staff(Tokens.DEFAULT_USER, org));
            row("Docs").findElement(By.xpath(".//button[text()='Test']")).click();
            WebElement needed = browser.find("dialog[open] .sign-in-needed");
            assertThat(needed.getText(), containsString("needs a sign-in"));
            browser.screenshot("test-dialog-sign-in-needed");
            browser.find("#test-sign-in").click();
            assertThat(browser.find(".signin-result[role=status]").getText(), equalTo("Signed in: Docs is connected."));
            browser.waitUntil(d -> status("Docs").equals("Connected"));
            assertThat(row("Docs").getText(), containsString("Shared sign-in"));
        }
    }

    @Test
    void aCallbackThatFailsComesBackAsAnErrorOnThePage() {
        org = "ui-" + UUID.randomUUID().toString().substring(0, 8);
        openOnPublicOrigin(Tokens.staff(Tokens.DEFAULT_USER, org));
        // A state the service never issued: the real callback refuses it and sends the browser back with the reason.
        browser.driver().get("http://127.0.0.1:" + base.getPort() + "/oauth/callback?code=stolen&state=forged");
        WebElement alert = browser.find(".signin-result[role=alert]");
        assertThat(alert.getText(), startsWith("The sign-in did not complete. The server said: "));
        assertThat(browser.driver().getCurrentUrl(), equalTo("http://127.0.0.1:" + base.getPort() + "/mcps"));
        browser.screenshot("connectors-oauth-callback-error");
    }
}
