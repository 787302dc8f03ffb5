package io.connectors.ui;

import io.connectors.testsupport.Tokens;
import io.connectors.testsupport.browser.HeadlessChromium;
import io.connectors.testsupport.mcp.TestMcpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.blankOrNullString;

/**
 * The Test Connector dialog against real MCP servers on 127.0.0.1: it starts when opened, shows the badge, toolsets,
 * counts and tools, and a failure as plain text. Also proves through the tester that an edit kept a hidden header.
 */
@QuarkusTest
class TestDialogBrowserTests extends BrowserTestBase {


    String org;

    void openPageWith(String name, String url, Map<String, String> headers) {
        org = "ui-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(Tokens.staff(Tokens.DEFAULT_USER, org)).contentType(ContentType.JSON)
                .body(Map.of("name", name, "url", url, "headers", headers))
                .post("/api/organizations/" + org + "/mcps").then().statusCode(201);
        browser.signIn(Tokens.staff(Tokens.DEFAULT_USER, org), org).open("/mcps");
        browser.waitUntil(d -> !d.findElements(By.xpath("//tr[@data-row='connector'][.//span[text()='" + name + "']]")).isEmpty());
    }

    void clickRowButton(String name, String button) {
        browser.driver().findElement(By.xpath("//tr[@data-row='connector'][.//span[@class='name' and text()='" + name
                + "']]//button[text()='" + button + "']")).click();
    }

    @Test
    void testStartsOnOpenAndShowsToolsetsCountsAndTools() throws Exception {
        try (TestMcpServer server = TestMcpServer.streamable().tools(3).requireHeader("X-Api-Key", "kept-secret").start()) {
            openPageWith("Tools", server.url(), Map.of("X-Api-Key", "kept-secret"));
            clickRowButton("Tools", "Test");

            assertThat(browser.find("dialog[open] #test-title").getText(), equalTo("Test Connector"));
            WebElement badge = browser.find("dialog[open] .badge.success");
            assertThat(badge.getText(), equalTo("Connected · 3 tools"));
            List<String> tools = browser.driver().findElements(By.cssSelector("dialog[open] .toolset .badge.tool"))
                    .stream().map(WebElement::getText).toList();
            assertThat(tools, contains("tool-1", "tool-2", "tool-3"));
            assertThat(browser.find("dialog[open] .toolset .toolset-name").getText(), not(blankOrNullString()));
            assertThat(browser.find("dialog[open] .toolset .count").getText(), equalTo("3 tools"));
            browser.screenshot("test-dialog-connected");
            browser.phoneScreenshot("test-dialog-connected-phone");

            // Escape closes the dialog and focus returns to the row's Test button.
            browser.driver().switchTo().activeElement().sendKeys(Keys.ESCAPE);
            browser.waitGone("dialog[open]");
            assertThat(browser.driver().switchTo().activeElement().getText(), equalTo("Test"));

            // An edit that leaves the header alone keeps its hidden value: the server still accepts the tester.
            clickRowButton("Tools", "Edit");
            WebElement name = browser.find("#field-name");
            name.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
            name.sendKeys("Tools renamed");
            browser.find("dialog[open] button[type=submit]").click();
            browser.waitGone("dialog[open]");
            browser.waitUntil(d -> !d.findElements(By.xpath("//span[@class='name' and text()='Tools renamed']")).isEmpty());
            clickRowButton("Tools renamed", "Test");
            assertThat(browser.find("dialog[open] .badge.success").getText(), equalTo("Connected · 3 tools"));
            browser.find("dialog[open] .modal-footer .btn.primary").click();
            browser.waitGone("dialog[open]");
        }
    }

    @Test
    void failedTestShowsTheErrorAsPlainText() throws Exception {
        try (TestMcpServer server = TestMcpServer.streamable().unauthorized().start()) {
            openPageWith("Locked", server.url(), Map.of());
            clickRowButton("Locked", "Test");
            assertThat(browser.find("dialog[open] .badge.error").getText(), equalTo("Failed"));
            WebElement error = browser.find("dialog[open] pre.error-text");
            assertThat(error.getText(), not(blankOrNullString()));
            // Plain text: whatever the error says is not parsed as markup.
            assertThat(error.findElements(By.xpath("./*")).isEmpty(), is(true));
            browser.screenshot("test-dialog-failed");
        }
    }
}
