package io.connectors.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.testsupport.Tokens;
import io.connectors.testsupport.mcp.TestMcpServer;
import io.connectors.ui.TeammateTabBrowserTests.Tenant;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import io.restassured.http.ContentType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/**
 * The teammate tab's gateway parts in headless Chromium against the running service and real MCP servers on
 * 127.0.0.1: the tools each enabled connector offers and the choice among them, the gateway's recent calls, and the
 * endpoint to connect an agent to.
 */
@QuarkusTest
class TeammateGatewayBrowserTests extends BrowserTestBase {

    static final ObjectMapper JSON = new ObjectMapper();

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

            // The gateway serves the choice on its very next tools/list.
            assertThat(gatewayTools(tenant), contains(gatewayToolName(tenant, "crm", "tool-1"),
                    gatewayToolName(tenant, "crm", "tool-3")));

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
    void quickClicksAllCountAndTheServerEndsWithTheLastChoice() throws Exception {
        try (TestMcpServer server = TestMcpServer.streamable().tools(4).start()) {
            Tenant tenant = Tenant.create();
            String crm = createConnector(tenant, "CRM", server.url());
            assign(tenant, crm);
            openTab(tenant);
            waitForTools(crm);

            // Three boxes in one go, faster than any save answers.
            browser.js("for (const t of ['tool-1', 'tool-2', 'tool-4'])"
                    + " document.querySelector(arguments[0] + ` input[data-tool='${t}']`).click();", toolChoiceCss(crm));
            browser.waitUntil(d -> ticked(crm).equals(List.of("tool-3")));
            browser.waitUntil(d -> List.of("tool-3").equals(storedTools(tenant, crm)));
            browser.driver().navigate().refresh();
            waitForTools(crm);
            assertThat(ticked(crm), contains("tool-3"));
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

    /**
     * One JSON-RPC request to the teammate's gateway, as any MCP client sends it (Streamable HTTP, no session), with
     * the agent runtime's token; returns the response's {@code result}.
     */
    static JsonNode gateway(Tenant tenant, String method, Map<String, Object> params) throws Exception {
        Map<String, Object> body = Map.of("jsonrpc", "2.0", "id", UUID.randomUUID().toString(), "method", method,
                "params", params);
        var response = given().auth().oauth2(Tokens.runtime(tenant.org())).contentType(ContentType.JSON)
                .header("Accept", "application/json, text/event-stream")
                .header("MCP-Protocol-Version", "2025-11-25")
                .body(body).post(tenant.prefix() + "/mcps/employee/" + tenant.teammate() + "/mcp");
        assertThat(response.asString(), response.statusCode(), equalTo(200));
        String text = response.asString();
        if (String.valueOf(response.contentType()).startsWith("text/event-stream")) {
            // One event carries the answer: its data lines.
            text = text.lines().filter(l -> l.startsWith("data:")).map(l -> l.substring(5).trim())
                    .reduce("", String::concat);
        }
        JsonNode answer = JSON.readTree(text);
        if (answer.has("error")) {
            throw new AssertionError(method + " answered " + answer.get("error"));
        }
        return answer.get("result");
    }

    /** The tool names the gateway offers the teammate now. */
    static List<String> gatewayTools(Tenant tenant) throws Exception {
        List<String> names = new ArrayList<>();
        gateway(tenant, "tools/list", Map.of()).get("tools").forEach(t -> names.add(t.get("name").asText()));
        return names;
    }

    /** The gateway's name of an upstream tool (prefix from the connector's name), from its own tools/list. */
    static String gatewayToolName(Tenant tenant, String prefix, String upstream) throws Exception {
        List<String> names = gatewayTools(tenant);
        return names.stream().filter(n -> n.startsWith(prefix) && n.endsWith("__" + upstream)).findFirst()
                .orElseThrow(() -> new AssertionError(prefix + "…__" + upstream + " not in " + names));
    }

    List<Map<String, String>> callRows() {
        return browser.driver().findElements(By.cssSelector(".calls-table tbody tr")).stream().map(row -> Map.of(
                "connector", row.findElement(By.cssSelector(".call-connector")).getText(),
                "tool", row.findElement(By.cssSelector("td[data-label=Tool]")).getText(),
                "outcome", row.findElement(By.cssSelector(".outcome")).getText(),
                "error", row.findElement(By.cssSelector(".call-error")).getText())).toList();
    }

    @Test
    void recentCallsListTheGatewaysCallsNewestFirstInPlainWords() throws Exception {
        try (TestMcpServer crmServer = TestMcpServer.streamable().tools(2).start()) {
            Tenant tenant = Tenant.create();
            String crm = createConnector(tenant, "CRM", crmServer.url());
            assign(tenant, crm);
            TestMcpServer wikiServer = TestMcpServer.streamable().tools(2).start();
            String wiki;
            String wikiTool;
            try {
                wiki = createConnector(tenant, "Wiki", wikiServer.url());
                assign(tenant, wiki);
                wikiTool = gatewayToolName(tenant, "wiki", "tool-2");
                JsonNode ok = gateway(tenant, "tools/call", Map.of("name", gatewayToolName(tenant, "crm", "tool-1"),
                        "arguments", Map.of()));
                assertThat(ok.path("isError").asBoolean(false), is(false));
            } finally {
                wikiServer.close();
            }
            // The wiki's server is gone: the call fails, and the audit says so.
            JsonNode failed = gateway(tenant, "tools/call", Map.of("name", wikiTool, "arguments", Map.of()));
            assertThat(failed.path("isError").asBoolean(), is(true));

            openTab(tenant);
            browser.waitUntil(d -> callRows().size() == 2);
            List<Map<String, String>> rows = callRows();
            assertThat(rows.get(0).get("connector"), equalTo("Wiki"));
            assertThat(rows.get(0).get("tool"), equalTo("tool-2"));
            assertThat(rows.get(0).get("outcome"), equalTo("Failed"));
            assertThat(rows.get(0).get("error"), not(equalTo("—")));
            assertThat(rows.get(1), equalTo(Map.of("connector", "CRM", "tool", "tool-1", "outcome", "Succeeded",
                    "error", "—")));
            assertThat(browser.driver().findElements(By.id("older-calls")).isEmpty(), is(true));
            browser.js("document.getElementById('calls-title').scrollIntoView()");
            browser.screenshot("teammate-recent-calls");
            browser.phoneScreenshot("teammate-recent-calls-phone");

            // New calls show on Refresh.
            gateway(tenant, "tools/call", Map.of("name", gatewayToolName(tenant, "crm", "tool-2"), "arguments", Map.of()));
            browser.find("#refresh-calls").click();
            browser.waitUntil(d -> callRows().size() == 3);
            assertThat(callRows().get(0).get("tool"), equalTo("tool-2"));
        }
    }

    @Test
    void olderCallsComePageByPage() throws Exception {
        try (TestMcpServer server = TestMcpServer.streamable().tools(1).start()) {
            Tenant tenant = Tenant.create();
            String crm = createConnector(tenant, "CRM", server.url());
            assign(tenant, crm);
            String tool = gatewayToolName(tenant, "crm", "tool-1");
            for (int i = 0; i < 23; i++) {
                gateway(tenant, "tools/call", Map.of("name", tool, "arguments", Map.of("n", i)));
            }
            openTab(tenant);
            browser.waitUntil(d -> callRows().size() == 20);
            browser.find("#older-calls").click();
            browser.waitUntil(d -> callRows().size() == 23);
            browser.waitGone("#older-calls");
        }
    }

    @Test
    void anEmptyListSaysSoAndTheEndpointCanBeCopied() {
        Tenant tenant = Tenant.create();
        openTab(tenant);
        assertThat(browser.find(".calls-empty .empty-title").getText(), equalTo("No calls yet"));

        WebElement url = browser.find("#gateway-url");
        assertThat(url.getAttribute("value"), equalTo(base.resolve("/api/organizations/" + tenant.org()
                + "/mcps/employee/" + tenant.teammate() + "/mcp").toString()));
        assertThat(url.getAttribute("readonly"), equalTo("true"));
        browser.find("#copy-gateway-url").click();
        // Headless Chromium may refuse the clipboard: then the text is selected for Ctrl+C, and the page says so.
        String status = browser.waitUntil(d -> {
            String text = d.findElement(By.cssSelector(".copy-status")).getText();
            return text.isBlank() ? null : text;
        });
        assertThat(status, anyOf(equalTo("Copied"), equalTo("Selected: press Ctrl+C to copy")));
        if (status.startsWith("Selected")) {
            assertThat(browser.js("return document.activeElement.id"), equalTo("gateway-url"));
            assertThat(browser.js("const e = document.activeElement; return e.value.substring(e.selectionStart, e.selectionEnd)"),
                    equalTo(url.getAttribute("value")));
        }
        browser.find(".client-config summary").click();
        assertThat(browser.find(".client-config pre").getText(), containsString(url.getAttribute("value")));
        browser.screenshot("teammate-connect-an-agent");
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
