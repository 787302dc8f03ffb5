package io.connectors.ui;

import io.connectors.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/**
 * The page is served for its own paths without authentication, and serving it takes nothing away from the API,
 * the management routes or static files. Every response carries the browser hardening headers; the page shell its
 * Content-Security-Policy, API responses {@code Cache-Control: no-store}.
 */
@QuarkusTest
class UiRoutesTests {

    private static final String[] PAGE_PATHS = { "/", "/mcps", "/mcps/", "/integrations",
            "/teammates/teammate-7/connectors", "/signin-callback", "/app/index.html" };

    private static final Pattern IMPORT_MAP = Pattern.compile("<script type=\"importmap\">(.*?)</script>", Pattern.DOTALL);

    @Test
    void pagePathsServeTheAppShell() {
        for (String path : PAGE_PATHS) {
            given().when().get(path).then()
                    .statusCode(200)
                    .contentType(containsString("text/html"))
                    .body(containsString("<cn-app>"), containsString("<script type=\"importmap\">"),
                            containsString("<script type=\"module\" src=\"/app/main.js\"></script>"),
                            not(containsString("<!-- import map -->")));
        }
    }

    @Test
    void pageShellAllowsOnlyItsOwnScriptsAndItsImportMapByHash() throws Exception {
        for (String path : PAGE_PATHS) {
            Response page = given().when().get(path).then().statusCode(200).extract().response();
            Matcher importMap = IMPORT_MAP.matcher(page.asString());
            assertThat(path, importMap.find(), equalTo(true));
            String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(importMap.group(1).getBytes(StandardCharsets.UTF_8)));
            assertThat(path, page.header("Content-Security-Policy"), equalTo("default-src 'none'; "
                    + "script-src 'self' 'sha256-" + hash + "'; style-src 'self'; img-src 'self' data:; "
                    + "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"));
            assertThat(page.header("X-Frame-Options"), equalTo("DENY"));
            assertThat(page.header("X-Content-Type-Options"), equalTo("nosniff"));
            assertThat(page.header("Referrer-Policy"), equalTo("no-referrer"));
        }
    }

    @Test
    void importMapNamesTheLibrariesAndThePageModules() {
        Matcher importMap = IMPORT_MAP.matcher(given().when().get("/mcps").then().extract().asString());
        assertThat(importMap.find(), equalTo(true));
        assertThat(importMap.group(1), allOf(containsString("\"lit\":\"/_static/lit/"),
                containsString("\"@tanstack/query-core\":\"/_static/"), containsString("\"app/\":\"/app/\"")));
        String lit = importMap.group(1).replaceAll(".*\"lit\":\"([^\"]+)\".*", "$1");
        given().when().get(lit).then().statusCode(200).contentType(containsString("javascript"));
    }

    @Test
    void apiResponsesAreNeverStoredAndRenderNothing() {
        String token = Tokens.staff("user-1", "org-a");
        for (Response response : new Response[] {
                given().auth().oauth2(token).get("/api/organizations/org-a/actions").then().statusCode(200)
                        .extract().response(),
                given().get("/api/organizations/org-a/actions").then().statusCode(401).extract().response(),
                given().auth().oauth2(token).get("/api/organizations/org-b/mcps").then().statusCode(403)
                        .extract().response(),
                given().auth().oauth2(token).get("/api/organizations/org-a/mcps/mcp/not-a-uuid").then()
                        .statusCode(404).extract().response(),
                given().get("/ui/config").then().statusCode(200).extract().response() }) {
            assertThat(response.header("Cache-Control"), equalTo("no-store"));
            assertThat(response.header("X-Content-Type-Options"), equalTo("nosniff"));
            assertThat(response.header("X-Frame-Options"), equalTo("DENY"));
            assertThat(response.header("Referrer-Policy"), equalTo("no-referrer"));
        }
        given().auth().oauth2(token).get("/api/organizations/org-a/mcps").then().statusCode(200)
                .header("Content-Security-Policy", equalTo("default-src 'none'; frame-ancestors 'none'"));
    }

    @Test
    void staticFilesAndManagementRoutesAreNotSniffed() {
        for (String path : new String[] { "/app/main.js", "/app/styles.css" }) {
            given().when().get(path).then().statusCode(200)
                    .header("X-Content-Type-Options", equalTo("nosniff"))
                    .header("X-Frame-Options", equalTo("DENY"))
                    .header("Content-Security-Policy", nullValue())
                    .header("Cache-Control", not(equalTo("no-store"))); // the page's modules may be cached
        }
        given().when().get("/q/health/live").then().statusCode(200)
                .header("X-Content-Type-Options", equalTo("nosniff"));
    }

    @Test
    void otherPathsAreNotTakenByThePage() {
        given().when().get("/teammates/a/b/connectors").then().statusCode(404);
        given().when().get("/teammates/" + "x".repeat(65) + "/connectors").then().statusCode(404);
        given().when().get("/mcps/something").then().statusCode(404);
    }

    @Test
    void apiStillNeedsAToken() {
        given().when().get("/api/organizations/org-a/actions").then()
                .statusCode(401)
                .body(not(containsString("<cn-app>")));
    }

    @Test
    void managementRoutesAreUntouched() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void pageModulesAndStylesAreServed() {
        given().when().get("/app/main.js").then().statusCode(200).contentType(containsString("javascript"))
                .body(containsString("from 'lit'"));
        given().when().get("/app/styles.css").then().statusCode(200).contentType(containsString("text/css"));
    }

    @Test
    void configTellsThePageToAskForATokenWhenNoProviderIsConfigured() {
        given().when().get("/ui/config").then()
                .statusCode(200)
                .body("sign_in", equalTo("token"))
                .body("oidc", nullValue())
                .body("organizations_claim", equalTo("orgs"));
    }

    @Test
    void testAndProductionBuildsHaveNoDevTokenRoute() {
        given().when().post("/ui/dev-token").then().statusCode(404).body(not(containsString("access_token")));
    }
}
