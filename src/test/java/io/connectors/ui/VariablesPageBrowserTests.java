package io.connectors.ui;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.connectors.secret.SecretCipher;
import io.connectors.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/** The Variables page: list, add a secret with its allowed hosts (required), edit keeping the value, delete. */
@QuarkusTest
class VariablesPageBrowserTests extends BrowserTestBase {

    @Inject
    // The JDBC datasource is the migrations' one (the default datasource is reactive only).
    @DataSource("migrations")
    AgroalDataSource dataSource;

    @Inject
    SecretCipher cipher;

    String org;

    void openPage() {
        org = "ui-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(Tokens.staff(Tokens.DEFAULT_USER, org)).contentType(ContentType.JSON)
                .body(Map.of("value", "mcp.example.com")).put("/api/organizations/" + org + "/variables/MCP_HOST")
                .then().statusCode(201);
        browser.signIn(Tokens.staff(Tokens.DEFAULT_USER, org), org).open("/variables");
        browser.waitUntil(d -> !d.findElements(By.cssSelector("tr[data-name='MCP_HOST']")).isEmpty());
    }

    WebElement row(String name) {
        return browser.find("tr[data-name='" + name + "']");
    }

    @Test
    void secretNeedsAllowedHostsAndIsListedMasked() throws Exception {
        openPage();
        assertThat(row("MCP_HOST").findElement(By.cssSelector(".value")).getText(), equalTo("mcp.example.com"));

        browser.find("#add-variable").click();
        browser.find("dialog[open] #variable-name").sendKeys("API_KEY");
        browser.find("dialog[open] #variable-value").sendKeys("sk-browser-secret");
        browser.find("dialog[open] #variable-secret").click();
        browser.find("dialog[open] #save-variable").click();
        assertThat(browser.find("dialog[open] #error-variable-allowed_hosts").getText(),
                equalTo("List the hosts this secret may be sent to"));

        browser.find("dialog[open] #variable-allowed_hosts").sendKeys("MCP.example.com\n*.tenant.example.com");
        browser.find("dialog[open] #save-variable").click();
        browser.waitGone("dialog[open]");
        browser.waitUntil(d -> !d.findElements(By.cssSelector("tr[data-name='API_KEY']")).isEmpty());
        WebElement secret = row("API_KEY");
        assertThat(secret.findElement(By.cssSelector(".value")).getText(), equalTo("********"));
        assertThat(secret.findElement(By.cssSelector(".allowed-hosts")).getText(),
                equalTo("mcp.example.com, *.tenant.example.com"));
        assertThat(browser.driver().getPageSource(), not(containsString("sk-browser-secret")));

        // Editing with the value left empty keeps it, for the hosts it already had.
        secret.findElement(By.xpath(".//button[text()='Edit']")).click();
        WebElement hosts = browser.find("dialog[open] #variable-allowed_hosts");
        hosts.clear();
        hosts.sendKeys("mcp.example.com");
        browser.find("dialog[open] #save-variable").click();
        browser.waitGone("dialog[open]");
        browser.waitUntil(d -> row("API_KEY").findElement(By.cssSelector(".allowed-hosts")).getText()
                .equals("mcp.example.com"));
        assertThat(cipher.decrypt(org, storedValue("API_KEY")), equalTo("sk-browser-secret"));

        // Adding a host without the value is refused by the server, and the page says why.
        row("API_KEY").findElement(By.xpath(".//button[text()='Edit']")).click();
        browser.find("dialog[open] #variable-allowed_hosts").sendKeys("\nevil.example.net");
        browser.find("dialog[open] #save-variable").click();
        browser.waitUntil(d -> !d.findElements(By.cssSelector("dialog[open] #error-variable-value")).isEmpty());
        assertThat(browser.find("dialog[open] #error-variable-value").getText(),
                containsString("not given for evil.example.net"));
    }

    @Test
    void deleteRemovesTheVariable() {
        openPage();
        row("MCP_HOST").findElement(By.xpath(".//button[text()='Delete']")).click();
        browser.find("dialog[open] #confirm-delete-variable").click();
        browser.waitGone("tr[data-name='MCP_HOST']");
        given().auth().oauth2(Tokens.staff(Tokens.DEFAULT_USER, org)).get("/api/organizations/" + org + "/variables")
                .then().statusCode(200).body("name", equalTo(List.of()));
    }

    private String storedValue(String name) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select value from organization_variable where organization_id = ? and name = ?")) {
            s.setString(1, org);
            s.setString(2, name);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
