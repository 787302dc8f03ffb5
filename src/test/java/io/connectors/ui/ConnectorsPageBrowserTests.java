package io.connectors.ui;

import io.connectors.testsupport.Tokens;
import io.connectors.testsupport.browser.HeadlessChromium;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
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
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * The {@code /mcps} page in headless Chromium against the running service and its PostgreSQL: what a person sees
 * and does. Each test works in an organization of its own. Screenshots land in {@code target/screenshots}.
 */
@QuarkusTest
class ConnectorsPageBrowserTests extends BrowserTestBase {


    static String newOrganization() {
        return "ui-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static RequestSpecification api(String org) {
        return given().auth().oauth2(Tokens.staff(Tokens.DEFAULT_USER, org)).contentType(ContentType.JSON);
    }

    static String createConnector(String org, String name, String url, Map<String, String> headers) {
        return api(org).body(Map.of("name", name, "url", url, "headers", headers))
                .post("/api/organizations/" + org + "/mcps").then().statusCode(201).extract().path("id");
    }

    HeadlessChromium openPage(String org) {
        return browser.signIn(Tokens.staff(Tokens.DEFAULT_USER, org), org).open("/mcps");
    }

    List<String> rowNames() {
        return browser.driver().findElements(By.cssSelector("tr[data-row='connector'] .name")).stream()
                .map(WebElement::getText).toList();
    }

    void waitForRows(String... names) {
        browser.waitUntil(d -> rowNames().equals(List.of(names)));
    }

    WebElement row(String name) {
        return browser.find("tr[data-row='connector']:has(.name)").findElement(By.xpath(
                "//tr[@data-row='connector'][.//span[@class='name' and text()='" + name + "']]"));
    }

    void type(String css, String text) {
        WebElement input = browser.find(css);
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        input.sendKeys(text);
    }

    /** Form controls and buttons on screen that assistive technology could not name. */
    @SuppressWarnings("unchecked")
    List<String> unlabelledControls() {
        return (List<String>) browser.js("""
                return [...document.querySelectorAll('input, select, textarea, button')]
                  .filter(el => el.offsetParent !== null || el.closest('dialog[open]'))
                  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                                && !(el.tagName === 'BUTTON' && el.textContent.trim()))
                  .map(el => el.outerHTML.slice(0, 80));""");
    }

    @Test
    void pageShowsTheSeedTextsAndAnEmptyState() {
        String org = newOrganization();
        openPage(org);

        assertThat(browser.find("#connectors-title").getText(), equalTo("Connectors"));
        assertThat(browser.driver().getTitle(), equalTo("Connectors"));
        assertThat(browser.find(".card-header .description").getText(),
                equalTo("Connect external systems and services to your AI Teammates"));
        assertThat(browser.find("#add-connector").getText(), equalTo("Add"));
        List<String> columns = browser.driver().findElements(By.cssSelector(".connectors-table thead th:not(.select):not(.actions-col)")).stream()
                .map(WebElement::getText).filter(t -> !t.isBlank()).toList();
        assertThat(columns, contains("Name", "Type", "URL / OAuth", "Headers", "Added", "Updated"));
        assertThat(browser.find("tr.empty .empty-title").getText(), equalTo("No connectors"));
        assertThat(unlabelledControls(), empty());
        browser.screenshot("connectors-empty");
    }

    @Test
    void addCreatesAConnectorWithoutEverShowingTheSecret() {
        String org = newOrganization();
        openPage(org);
        browser.find("#add-connector").click();

        assertThat(browser.find("dialog[open] #form-title").getText(), equalTo("Add Connector"));
        // Focus moves into the dialog, on the first field.
        assertThat(browser.driver().switchTo().activeElement().getAttribute("id"), equalTo("field-name"));
        type("#field-name", "Issue tracker");
        type("#field-url", "ftp://tracker.example.com/mcp");
        browser.find("#add-header").click();
        type(".header-key", "Authorization");
        type(".header-value", "Bearer top-secret-value");
        browser.find("dialog[open] button[type=submit]").click();
        assertThat(browser.find("#error-url").getText(), equalTo("URL must start with http:// or https://"));
        browser.screenshot("add-dialog-invalid-url");

        type("#field-url", "https://tracker.example.com/mcp");
        assertThat(unlabelledControls(), empty());
        browser.phoneScreenshot("add-dialog-phone");
        browser.find("dialog[open] button[type=submit]").click();
        browser.waitGone("dialog[open]");
        waitForRows("Issue tracker");

        WebElement row = row("Issue tracker");
        assertThat(row.findElement(By.cssSelector(".url")).getText(), equalTo("https://tracker.example.com/mcp"));
        assertThat(row.findElement(By.cssSelector(".header-names")).getText(), equalTo("Authorization"));
        assertThat(browser.driver().getPageSource(), not(containsString("top-secret-value")));
        api(org).get("/api/organizations/" + org + "/mcps").then()
                .body("name", contains("Issue tracker")).body("[0].headers.Authorization", equalTo("********"));
        browser.screenshot("connectors-list");
        browser.phoneScreenshot("connectors-list-phone");
    }

    @Test
    void duplicateNamesAreBlockedInThePageAndByTheServer() {
        String org = newOrganization();
        createConnector(org, "Jira", "https://jira.example.com/mcp", Map.of());
        openPage(org);
        waitForRows("Jira");

        browser.find("#add-connector").click();
        type("#field-name", "Jira");
        type("#field-url", "https://other.example.com/mcp");
        browser.find("dialog[open] button[type=submit]").click();
        assertThat(browser.find("#error-name").getText(), equalTo("A connector named \"Jira\" already exists"));

        // Someone else takes the name after the page loaded its list: the server's 409 is shown on the field.
        createConnector(org, "Wiki", "https://wiki.example.com/mcp", Map.of());
        type("#field-name", "Wiki");
        browser.find("dialog[open] button[type=submit]").click();
        String serverMessage = browser.find("#error-name").getText();
        assertThat(serverMessage, containsString("Wiki"));
        assertThat(serverMessage, not(startsWith("A connector named \"Wiki\" already exists")));
        browser.screenshot("add-dialog-duplicate-from-server");
        browser.find("dialog[open] .modal-footer button[type=button]").click();
        browser.waitGone("dialog[open]");
        // The list refetched meanwhile or on close; both rows are there.
        browser.driver().navigate().refresh();
        waitForRows("Jira", "Wiki");
    }

    @Test
    void editKeepsAHiddenHeaderValueUnlessItIsChanged() {
        String org = newOrganization();
        String id = createConnector(org, "Search", "https://search.example.com/mcp",
                Map.of("X-Api-Key", "kept-secret", "X-Tenant", "old-tenant"));
        openPage(org);
        waitForRows("Search");
        openEdit("Search");

        assertThat(browser.find("dialog[open] #form-title").getText(), equalTo("Edit Connector"));
        assertThat(browser.find("dialog[open] #form-description").getText(), equalTo("Update the connector configuration"));
        assertThat(browser.find("dialog[open] .type-badge").getText(), equalTo("Simple (HTTP URL)"));
        assertThat(browser.find("dialog[open] .type-line .hint").getText(),
                equalTo("Type cannot be changed. Recreate the connector to switch type."));
        List<WebElement> values = browser.driver().findElements(By.cssSelector("dialog[open] .header-value"));
        assertThat(values, hasSize(2));
        values.forEach(v -> assertThat(v.getAttribute("value"), equalTo("")));
        browser.screenshot("edit-dialog");

        type("#field-name", "Search v2");
        type("#field-url", "https://search.example.com/v2/mcp");
        // Change one header's value, keep the other, add a third.
        WebElement tenant = browser.driver().findElements(By.cssSelector("dialog[open] .header-row")).stream()
                .filter(r -> r.findElement(By.cssSelector(".header-key")).getAttribute("value").equals("X-Tenant"))
                .findFirst().orElseThrow().findElement(By.cssSelector(".header-value"));
        tenant.sendKeys("new-tenant");
        browser.find("#add-header").click();
        List<WebElement> keys = browser.driver().findElements(By.cssSelector("dialog[open] .header-key"));
        keys.get(2).sendKeys("X-Region");
        browser.driver().findElements(By.cssSelector("dialog[open] .header-value")).get(2).sendKeys("eu");
        browser.find("dialog[open] button[type=submit]").click();
        browser.waitGone("dialog[open]");
        waitForRows("Search v2");

        api(org).get("/api/organizations/" + org + "/mcps/mcp/" + id).then()
                .body("url", equalTo("https://search.example.com/v2/mcp"))
                .body("headers.keySet()", containsInAnyOrder("X-Api-Key", "X-Tenant", "X-Region"));
        assertThat(StoredSecrets.headerValue(id, "X-Api-Key"), equalTo("kept-secret"));
        assertThat(StoredSecrets.headerValue(id, "X-Tenant"), equalTo("new-tenant"));
        assertThat(StoredSecrets.headerValue(id, "X-Region"), equalTo("eu"));
    }

    /** Opens the Edit dialog of a row and waits until it has loaded the stored version. */
    void openEdit(String name) {
        row(name).findElement(By.xpath(".//button[text()='Edit']")).click();
        browser.find("dialog[open] form[data-loaded]");
    }

    List<String> headerRowErrors() {
        return browser.driver().findElements(By.cssSelector("dialog[open] .header-row .field-error")).stream()
                .map(WebElement::getText).toList();
    }

    @Test
    void pointingAConnectorToAnotherServerAsksForEveryHeaderValueAgain() {
        String org = newOrganization();
        String id = createConnector(org, "Search", "https://search.example.com/mcp", Map.of("X-Api-Key", "old-secret"));
        openPage(org);
        waitForRows("Search");
        openEdit("Search");

        type("#field-url", "https://search.example.net/mcp");
        assertThat(browser.find("#headers-moved-hint").getText(), containsString("enter each value again"));
        WebElement value = browser.find("dialog[open] .header-value");
        assertThat(value.getAttribute("required"), equalTo("true"));
        assertThat(value.getAttribute("placeholder"), equalTo("Enter the value again"));
        browser.find("dialog[open] button[type=submit]").click();
        browser.waitUntil(d -> !headerRowErrors().isEmpty());
        assertThat(headerRowErrors(), contains(
                "Enter the value of X-Api-Key again: the connector now points to another server"));
        browser.screenshot("edit-dialog-moved-server");

        value.sendKeys("new-secret");
        browser.find("dialog[open] button[type=submit]").click();
        browser.waitGone("dialog[open]");
        api(org).get("/api/organizations/" + org + "/mcps/mcp/" + id).then()
                .body("url", equalTo("https://search.example.net/mcp"));
        assertThat(StoredSecrets.headerValue(id, "X-Api-Key"), equalTo("new-secret"));
    }

    @Test
    void theServersRefusalToMoveAHeaderIsShownOnItsRow() {
        String org = newOrganization();
        api(org).body(Map.of("value", "search.example.com")).put("/api/organizations/" + org + "/variables/MCP_HOST")
                .then().statusCode(201);
        String id = createConnector(org, "Search", "https://{{MCP_HOST}}/mcp", Map.of("X-Api-Key", "old-secret"));
        // The variable moves the host: the page can't see that from the URL text, the server can.
        api(org).body(Map.of("value", "search.example.net")).put("/api/organizations/" + org + "/variables/MCP_HOST")
                .then().statusCode(200);
        openPage(org);
        waitForRows("Search");
        openEdit("Search");

        type("#field-name", "Search v2");
        browser.find("dialog[open] button[type=submit]").click();
        browser.waitUntil(d -> !headerRowErrors().isEmpty());
        assertThat(headerRowErrors(), contains(
                "X-Api-Key: the connector now points to another server; give this header's value again"));
        assertThat(StoredSecrets.headerValue(id, "X-Api-Key"), equalTo("old-secret"));
    }

    @Test
    void anEditFromAStaleDialogIsRefusedAndTheUserReloads() {
        String org = newOrganization();
        String id = createConnector(org, "Wiki", "https://wiki.example.com/mcp", Map.of("A", "alpha"));
        openPage(org);
        waitForRows("Wiki");
        openEdit("Wiki");

        // Someone else adds a header after the dialog loaded the connector.
        java.util.HashMap<String, Object> headers = new java.util.HashMap<>();
        headers.put("A", null);
        headers.put("B", "bravo");
        api(org).body(Map.of("headers", headers)).put("/api/organizations/" + org + "/mcps/mcp/" + id)
                .then().statusCode(200);

        type("#field-name", "Wiki v2");
        browser.find("dialog[open] button[type=submit]").click();
        assertThat(browser.find("dialog[open] .form-error p").getText(),
                equalTo("The connector was changed since you loaded it; reload it and apply your change again"));
        browser.screenshot("edit-dialog-stale");
        browser.find("#reload-connector").click();
        browser.waitUntil(d -> browser.driver().findElements(By.cssSelector("dialog[open] .header-key")).size() == 2);
        browser.find("dialog[open] form[data-loaded]");
        assertThat(browser.find("#field-name").getAttribute("value"), equalTo("Wiki"));

        type("#field-name", "Wiki v2");
        browser.find("dialog[open] button[type=submit]").click();
        browser.waitGone("dialog[open]");
        api(org).get("/api/organizations/" + org + "/mcps/mcp/" + id).then()
                .body("name", equalTo("Wiki v2"))
                .body("headers.keySet()", containsInAnyOrder("A", "B"));
        assertThat(StoredSecrets.headerValue(id, "B"), equalTo("bravo"));
    }

    @Test
    void deleteOneThenTheRestInBulkWhilePredefinedRowsStayUnselectable() {
        String org = newOrganization();
        createConnector(org, "Alpha", "https://a.example.com/mcp", Map.of());
        createConnector(org, "Beta", "https://b.example.com/mcp", Map.of());
        createConnector(org, "Gamma", "https://c.example.com/mcp", Map.of());
        openPage(org);
        waitForRows("Alpha", "Beta", "Gamma");

        row("Beta").findElement(By.xpath(".//button[text()='Delete']")).click();
        assertThat(browser.find("dialog[open] #delete-title").getText(), equalTo("Delete connector?"));
        browser.find("dialog[open] .btn.danger").click();
        browser.waitGone("dialog[open]");
        waitForRows("Alpha", "Gamma");

        for (WebElement predefined : browser.driver().findElements(By.cssSelector("tr[data-row='predefined']"))) {
            assertThat(predefined.findElements(By.cssSelector("input[type=checkbox]")), empty());
        }
        browser.find("#select-all").click();
        assertThat(browser.find(".bulk-bar").getText(), containsString("2 selected"));
        browser.screenshot("bulk-selection");
        browser.find("#bulk-delete").click();
        assertThat(browser.find("dialog[open] #delete-title").getText(), equalTo("Delete 2 connectors?"));
        browser.find("dialog[open] .btn.danger").click();
        browser.waitGone("dialog[open]");
        waitForRows();
        assertThat(browser.find("tr.empty .empty-title").getText(), equalTo("No connectors"));
        api(org).get("/api/organizations/" + org + "/mcps").then().body("$", empty());
    }

    @Test
    void organizationComesFromTheQueryOrTheSelector() {
        String first = newOrganization();
        String second = newOrganization();
        String token = Tokens.staff(Tokens.DEFAULT_USER, first, second);
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("name", "In first", "url", "https://first.example.com/mcp"))
                .post("/api/organizations/" + first + "/mcps").then().statusCode(201);
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("name", "In second", "url", "https://second.example.com/mcp"))
                .post("/api/organizations/" + second + "/mcps").then().statusCode(201);

        browser.signIn(token, null).open("/mcps");
        waitForRows("In first");
        new org.openqa.selenium.support.ui.Select(browser.find("#org-select")).selectByValue(second);
        waitForRows("In second");

        browser.open("/mcps?org=" + first);
        waitForRows("In first");
    }
}
