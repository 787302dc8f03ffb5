package io.connectors.ui;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/**
 * The page is served for its own paths without authentication, and serving it takes nothing away from the API,
 * the management routes or static files.
 */
@QuarkusTest
class UiRoutesTests {

    @Test
    void pagePathsServeTheAppShell() {
        for (String path : new String[] { "/", "/mcps", "/mcps/", "/integrations", "/teammates/teammate-7/connectors",
                "/signin-callback" }) {
            given().when().get(path).then()
                    .statusCode(200)
                    .contentType(containsString("text/html"))
                    .body(containsString("<cn-app>"), containsString("/_importmap/generated_importmap.js"));
        }
    }

    @Test
    void otherPathsAreNotTakenByThePage() {
        given().when().get("/teammates/a/b/connectors").then().statusCode(404);
        given().when().get("/teammates/" + "x".repeat(65) + "/connectors").then().statusCode(404);
        given().when().get("/mcps/something").then().statusCode(404);
    }

    @Test
    void apiStillNeedsAToken() {
        given().when().get("/api/organizations/org-a/actions").then().statusCode(401);
    }

    @Test
    void managementRoutesAreUntouched() {
        given().when().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void librariesAreServedWithAnImportMap() {
        String importMap = given().when().get("/_importmap/generated_importmap.js").then()
                .statusCode(200).extract().asString();
        org.hamcrest.MatcherAssert.assertThat(importMap, org.hamcrest.Matchers.allOf(
                containsString("\"lit\""), containsString("@tanstack/query-core")));
        given().when().get("/app/main.js").then().statusCode(200).contentType(containsString("javascript"));
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
        given().when().post("/ui/dev-token").then().statusCode(not(equalTo(200)));
    }
}
