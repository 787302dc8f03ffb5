package io.connectors.testsupport;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Shorthands for calling the API as a given caller, and default test data. */
public final class Api {

    public static final String ORG = Tokens.DEFAULT_ORG;
    public static final String OTHER_ORG = Tokens.OTHER_ORG;
    public static final String BASE = "/api/organizations/" + ORG;
    public static final String DEFAULT_URL = "https://mcp.example.com/mcp";
    public static final String UPDATED_URL = "https://mcp.example.org/v2/mcp";

    private Api() {
    }

    public static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    public static RequestSpecification asStaff() {
        return as(Tokens.staff());
    }

    public static String uniqueName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A simple connector body with a unique name. */
    public static Map<String, Object> createDefaultConnector() {
        Map<String, Object> body = new HashMap<>();
        body.put("name", uniqueName("connector"));
        body.put("url", DEFAULT_URL);
        return body;
    }

    /** Creates a simple connector in {@link #ORG} and returns its id. */
    public static String createConnector(Map<String, Object> body) {
        return asStaff().body(body).post(BASE + "/mcps").then().statusCode(201).extract().path("id");
    }
}
