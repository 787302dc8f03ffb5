package io.connectors.ui;

import io.connectors.testsupport.Tokens;
import io.connectors.testsupport.browser.HeadlessChromium;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

/**
 * The AI teammate's Connectors tab and the integration warnings, in headless Chromium against the running service.
 * Each test has its own organization, user and teammate.
 */
@QuarkusTest
class TeammateTabBrowserTests extends BrowserTestBase {

    static final List<String> GOOGLE_SCOPES = List.of("https://www.googleapis.com/auth/gmail.modify",
            "https://www.googleapis.com/auth/calendar", "https://www.googleapis.com/auth/drive");


    record Tenant(String org, String user, String teammate) {
        static Tenant create() {
            String suffix = UUID.randomUUID().toString().substring(0, 8);
            return new Tenant("ui-" + suffix, "person-" + suffix, "teammate-" + suffix);
        }

        String token() {
            return Tokens.staff(user, org);
        }

        RequestSpecification api() {
            return given().auth().oauth2(token()).contentType(ContentType.JSON);
        }

        String prefix() {
            return "/api/organizations/" + org;
        }

        String createConnector(String name) {
            return api().body(Map.of("name", name, "url", "https://" + name.toLowerCase() + ".example.com/mcp"))
                    .post(prefix() + "/mcps").then().statusCode(201).extract().path("id");
        }

        /** Enabled items, as the server has them: mcp ids and OAuth MCP keys. */
        Set<String> assigned() {
            List<Map<String, Object>> rows = api().get(prefix() + "/mcps/employee/" + teammate).then().statusCode(200)
                    .extract().jsonPath().getList("$");
            return rows.stream().map(r -> String.valueOf(r.get("mcp_id") != null ? r.get("mcp_id") : r.get("oauth_mcp")))
                    .collect(java.util.stream.Collectors.toSet());
        }

        void connectGoogle() {
            api().body(Map.of("access_token", "google-access", "refresh_token", "google-refresh", "expires_in", 3600,
                    "scopes", GOOGLE_SCOPES)).put(prefix() + "/integrations/google").then().statusCode(200);
        }
    }

    HeadlessChromium openTab(Tenant tenant) {
        browser.signIn(tenant.token(), tenant.org).open("/teammates/" + tenant.teammate + "/connectors");
        browser.find(".assign-list");
        return browser;
    }

    WebElement checkbox(String name) {
        return browser.find(".assign-list").findElement(By.xpath(
                ".//li[.//span[@class='name' and text()='" + name + "']]//input[@type='checkbox']"));
    }

    List<String> itemNames() {
        return browser.driver().findElements(By.cssSelector(".assign-row .name")).stream().map(WebElement::getText).toList();
    }

    @Test
    void tabListsOrganizationConnectorsAndPredefinedOAuthMcps() {
        Tenant tenant = Tenant.create();
        tenant.createConnector("CRM");
        openTab(tenant);

        assertThat(browser.find("#teammate-connectors-title").getText(), equalTo("Connectors"));
        assertThat(browser.find(".card-header .description").getText(), equalTo("Connected systems and services"));
        browser.waitUntil(d -> itemNames().size() == 4);
        assertThat(itemNames(), contains("Gmail", "Google Calendar", "Google Drive", "CRM"));
    }

    @Test
    void checkedBoxesSurviveAReloadAndUncheckingRemovesTheAssignment() {
        Tenant tenant = Tenant.create();
        String crm = tenant.createConnector("CRM");
        openTab(tenant);
        browser.waitUntil(d -> itemNames().contains("CRM"));

        checkbox("CRM").click();
        checkbox("Gmail").click();
        assertThat(checkbox("CRM").isSelected(), is(true));
        browser.waitUntil(d -> tenant.assigned().equals(Set.of(crm, "gmail")));
        browser.screenshot("teammate-tab");
        browser.phoneScreenshot("teammate-tab-phone");

        browser.driver().navigate().refresh();
        browser.find(".assign-list");
        browser.waitUntil(d -> checkbox("CRM").isSelected() && checkbox("Gmail").isSelected());
        assertThat(checkbox("Google Drive").isSelected(), is(false));

        checkbox("CRM").click();
        browser.waitUntil(d -> tenant.assigned().equals(Set.of("gmail")));
        browser.driver().navigate().refresh();
        browser.find(".assign-list");
        browser.waitUntil(d -> checkbox("Gmail").isSelected());
        assertThat(checkbox("CRM").isSelected(), is(false));
    }

    @Test
    void aRefusedChangeIsRolledBackWithAMessage() {
        Tenant tenant = Tenant.create();
        String doomed = tenant.createConnector("Doomed");
        openTab(tenant);
        browser.waitUntil(d -> itemNames().contains("Doomed"));
        // Someone deletes the connector after the tab loaded: the server refuses the assignment.
        tenant.api().delete(tenant.prefix() + "/mcps/mcp/" + doomed).then().statusCode(204);

        checkbox("Doomed").click();
        WebElement alert = browser.find(".card .alert.error[role=alert]");
        assertThat(alert.getText(), containsString("Could not enable Doomed"));
        assertThat(tenant.assigned(), empty());
        browser.screenshot("teammate-tab-rolled-back");
        // After the rollback the list refetches; the deleted connector may be gone, but it is never shown enabled.
        browser.waitUntil(d -> !itemNames().contains("Doomed") || !checkbox("Doomed").isSelected());
    }

    @Test
    void missingGoogleConnectionWarnsAndLinksToIntegrationsWithoutAPageLoad() {
        Tenant tenant = Tenant.create();
        openTab(tenant);
        WebElement warning = browser.find(".alert.warning");
        assertThat(warning.getText(), containsString("Gmail, Google Calendar, Google Drive need your Google account connected."));
        WebElement link = browser.find(".alert.warning a.integrations-link");
        assertThat(link.getText(), equalTo("Go to integrations →"));
        browser.screenshot("teammate-tab-warning");

        browser.js("window.__samePage = true");
        link.click();
        browser.waitUntil(d -> d.getCurrentUrl().endsWith("/integrations"));
        assertThat(browser.find("#integrations-title").getText(), equalTo("Integrations"));
        assertThat(browser.find(".integration[data-provider=google] .badge").getText(), equalTo("Not connected"));
        assertThat(browser.js("return window.__samePage === true"), is(true));
        browser.screenshot("integrations");

        // The Connectors page flags every predefined row the same way, and its icon leads to the same place.
        browser.find("nav.main-nav a[href='/mcps']").click();
        List<WebElement> icons = browser.waitUntil(d -> {
            var found = d.findElements(By.cssSelector("tr[data-row=predefined] a.warning-link[href='/integrations']"));
            return found.size() == 3 ? found : null;
        });
        browser.screenshot("connectors-predefined-warnings");
        icons.get(0).click();
        browser.waitUntil(d -> d.getCurrentUrl().endsWith("/integrations"));
        assertThat(browser.js("return window.__samePage === true"), is(true));

        tenant.connectGoogle();
        browser.open("/teammates/" + tenant.teammate + "/connectors");
        browser.find(".assign-list");
        assertThat(browser.driver().findElements(By.cssSelector(".alert.warning")), empty());
        browser.open("/mcps");
        browser.waitUntil(d -> d.findElements(By.cssSelector("tr[data-row=predefined]")).size() == 3);
        assertThat(browser.driver().findElements(By.cssSelector("a.warning-link")), empty());
    }
}
