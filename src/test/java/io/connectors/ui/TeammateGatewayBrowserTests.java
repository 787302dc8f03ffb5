package io.connectors.ui;

import io.connectors.testsupport.mcp.TestMcpServer;
import io.connectors.ui.TeammateTabBrowserTests.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

/**
 * The teammate tab's gateway parts in headless Chromium against the running service and real MCP servers on
 * 127.0.0.1: the tools each enabled connector offers and the choice among them, the gateway's recent calls, and the
 * endpoint to connect an agent to.
 */
@QuarkusTest
class TeammateGatewayBrowserTests extends BrowserTestBase {

    static String createConnector(Tenant tenant, String name, String url) {
        return tenant.api().body(Map.of("name", name, "url", url))
                .post(tenant.prefix() + "/mcps").then().statusCode(201).extract().path("id");
    }

    static void assign(Tenant tenant, String mcpId) {
        tenant.api().body(Map.of("mcp_id", mcpId)).post(tenant.prefix() + "/mcps/employee/" + tenant.teammate())
                .then().statusCode(201);
    }

    /** The assignment's {@code tools} as the server has it: null (all tools) or the chosen names. */
    static Object storedTools(Tenant tenant, String mcpId) {
        List<Map<String, Object>> rows = tenant.api().get(tenant.prefix() + "/mcps/employee/" + tenant.teammate())
                .then().statusCode(200).extract().jsonPath().getList("$");
        Map<String, Object> row = rows.stream().filter(r -> mcpId.equals(r.get("mcp_id"))).findFirst().orElseThrow();
        if (!row.containsKey("tools")) {
            throw new AssertionError("Assignments carry no tools field: " + row);
        }
        return row.get("tools");
    }

    void openTab(Tenant tenant) {
        browser.signIn(tenant.token(), tenant.org()).open("/teammates/" + tenant.teammate() + "/connectors");
        browser.find(".assign-list");
    }

    String toolChoiceCss(String mcpId) {
        return "#tools-mcp-" + mcpId;
    }

    WebElement toolBox(String mcpId, String tool) {
        return browser.find(toolChoiceCss(mcpId) + " input[data-tool='" + tool + "']");
    }

    WebElement allTools(String mcpId) {
        return browser.find(toolChoiceCss(mcpId) + "-all");
    }

    List<String> ticked(String mcpId) {
        return browser.driver().findElements(By.cssSelector(toolChoiceCss(mcpId) + " input[data-tool]")).stream()
                .filter(WebElement::isSelected).map(e -> e.getAttribute("data-tool")).toList();
    }

    void waitForTools(String mcpId) {
        browser.find(toolChoiceCss(mcpId) + "[data-state=ready]");
    }

    @Test
    void toolChoicePersistsAndAllToolsReturnsToTheDefault() throws Exception {
        try (TestMcpServer server = TestMcpServer.streamable().tools(3).start()) {
            Tenant tenant = Tenant.create();
            String crm = createConnector(tenant, "CRM", server.url());
            assign(tenant, crm);
            openTab(tenant);
            waitForTools(crm);

            // The default: every tool, new ones included.
            assertThat(allTools(crm).isSelected(), is(true));
            assertThat(ticked(crm), contains("tool-1", "tool-2", "tool-3"));
            assertThat(browser.find(toolChoiceCss(crm) + " legend").getText(), equalTo("Tools of CRM"));
            browser.screenshot("teammate-tools-all");

            // Unticking one tool turns the choice into the other tools known now.
            toolBox(crm, "tool-2").click();
            assertThat(allTools(crm).isSelected(), is(false));
            assertThat(ticked(crm), contains("tool-1", "tool-3"));
            browser.waitUntil(d -> List.of("tool-1", "tool-3").equals(storedTools(tenant, crm)));

            toolBox(crm, "tool-1").click();
            browser.waitUntil(d -> List.of("tool-3").equals(storedTools(tenant, crm)));
            browser.screenshot("teammate-tools-chosen");
            browser.phoneScreenshot("teammate-tools-chosen-phone");

            browser.driver().navigate().refresh();
            waitForTools(crm);
            assertThat(ticked(crm), contains("tool-3"));
            assertThat(allTools(crm).isSelected(), is(false));

            // Ticking a tool adds it; ticking "All tools" goes back to null.
            toolBox(crm, "tool-2").click();
            browser.waitUntil(d -> List.of("tool-2", "tool-3").equals(storedTools(tenant, crm)));
            allTools(crm).click();
            assertThat(ticked(crm), contains("tool-1", "tool-2", "tool-3"));
            browser.waitUntil(d -> storedTools(tenant, crm) == null);
            browser.driver().navigate().refresh();
            waitForTools(crm);
            assertThat(allTools(crm).isSelected(), is(true));
        }
    }

    @Test
    void theKeyboardReachesAndTogglesEveryToolBox() throws Exception {
        try (TestMcpServer server = TestMcpServer.streamable().tools(2).start()) {
            Tenant tenant = Tenant.create();
            String wiki = createConnector(tenant, "Wiki", server.url());
            assign(tenant, wiki);
            openTab(tenant);
            waitForTools(wiki);

            // Each box has its own label: the tool's name, or the "All tools" sentence.
            assertThat(browser.find("label[for='" + toolBox(wiki, "tool-1").getAttribute("id") + "']").getText(),
                    equalTo("tool-1"));
            assertThat(browser.find("label[for='" + allTools(wiki).getAttribute("id") + "']").getText(),
                    equalTo("All tools, new ones included"));
            // Space on the focused box toggles it, as for any checkbox.
            toolBox(wiki, "tool-2").sendKeys(" ");
            browser.waitUntil(d -> List.of("tool-1").equals(storedTools(tenant, wiki)));
            assertThat(browser.driver().switchTo().activeElement().getAttribute("data-tool"), equalTo("tool-2"));
        }
    }

    @Test
    void aFailedSaveRollsTheBoxesBackAndSaysWhy() throws Exception {
        try (TestMcpServer server = TestMcpServer.streamable().tools(3).start()) {
            Tenant tenant = Tenant.create();
            String crm = createConnector(tenant, "CRM", server.url());
            assign(tenant, crm);
            openTab(tenant);
            waitForTools(crm);

            // The service can't be reached when the box is unticked: the page puts it back and says so.
            offline(true);
            try {
                toolBox(crm, "tool-2").click();
                WebElement alert = browser.find(".card .alert.error[role=alert]:not([hidden])");
                assertThat(alert.getText(), containsString("Could not save the tool choice of CRM"));
                browser.waitUntil(d -> ticked(crm).size() == 3);
                assertThat(allTools(crm).isSelected(), is(true));
                browser.screenshot("teammate-tools-rolled-back");
            } finally {
                offline(false);
            }
            assertThat(storedTools(tenant, crm), nullValue());
        }
    }

    /** Cuts the browser off the network (and back), as a dropped connection would. */
    void offline(boolean offline) {
        var driver = (org.openqa.selenium.chrome.ChromeDriver) browser.driver();
        driver.executeCdpCommand("Network.enable", Map.of());
        Map<String, Object> conditions = new HashMap<>();
        conditions.put("offline", offline);
        conditions.put("latency", 0);
        conditions.put("downloadThroughput", -1);
        conditions.put("uploadThroughput", -1);
        driver.executeCdpCommand("Network.emulateNetworkConditions", conditions);
    }

    @Test
    void aConnectorWhoseListingFailsShowsWhyAndKeepsItsChoice() throws Exception {
        try (TestMcpServer locked = TestMcpServer.streamable().unauthorized().start()) {
            Tenant tenant = Tenant.create();
            String id = createConnector(tenant, "Locked", locked.url());
            assign(tenant, id);
            openTab(tenant);

            WebElement failed = browser.find(toolChoiceCss(id) + "[data-state=failed]");
            assertThat(failed.findElement(By.cssSelector(".tools-error")).getText(),
                    containsString("The tools of Locked could not be listed: "));
            assertThat(failed.findElement(By.cssSelector(".tools-summary")).getText(),
                    equalTo("Kept as chosen: All tools, new ones included"));
            assertThat(failed.findElements(By.cssSelector("input")).isEmpty(), is(true));
            browser.screenshot("teammate-tools-listing-failed");
        }
    }
}
