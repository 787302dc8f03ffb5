package io.connectors.connector;

import io.connectors.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class ConnectorResourceTests {

    static final String DEFAULT_URL = "https://mcp.example.com/mcp";

    static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    static String uniqueName() {
        return "connector-" + UUID.randomUUID();
    }

    @Test
    void createdConnectorIsReturnedWithMaskedHeaders() {
        String name = uniqueName();
        String id = as(Tokens.staff())
                .body(Map.of("name", "  " + name + " ", "url", DEFAULT_URL, "headers", Map.of("Authorization", "Bearer s3cret")))
                .post("/api/organizations/org-a/mcps")
                .then().statusCode(201)
                .header("Location", containsString("/api/organizations/org-a/mcps/mcp/"))
                .contentType(ContentType.JSON)
                .body("name", equalTo(name))
                .body("type", equalTo("simple"))
                .body("url", equalTo(DEFAULT_URL))
                .body("headers.Authorization", equalTo("********"))
                .body("organization_id", equalTo("org-a"))
                .body("created_at", notNullValue())
                .extract().path("id");

        as(Tokens.staff()).get("/api/organizations/org-a/mcps/mcp/" + id)
                .then().statusCode(200).body("name", equalTo(name));
        as(Tokens.staff()).get("/api/organizations/org-a/mcps")
                .then().statusCode(200).body("name", hasItem(name));
    }

    @Test
    void duplicateNameIsRejected() {
        String name = uniqueName();
        as(Tokens.staff()).body(Map.of("name", name, "url", DEFAULT_URL)).post("/api/organizations/org-a/mcps")
                .then().statusCode(201);
        as(Tokens.staff()).body(Map.of("name", name, "url", DEFAULT_URL)).post("/api/organizations/org-a/mcps")
                .then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString(name));
    }

    @Test
    void requestWithoutTokenIsUnauthorized() {
        given().get("/api/organizations/org-a/mcps").then().statusCode(401);
    }

    @Test
    void nonMemberIsForbidden() {
        as(Tokens.staff("user-2", "org-b")).get("/api/organizations/org-a/mcps").then().statusCode(403)
                .contentType("application/problem+json");
    }
}
