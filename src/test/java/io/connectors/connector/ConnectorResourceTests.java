package io.connectors.connector;

import io.connectors.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.connectors.testsupport.Api.BASE;
import static io.connectors.testsupport.Api.DEFAULT_URL;
import static io.connectors.testsupport.Api.UPDATED_URL;
import static io.connectors.testsupport.Api.as;
import static io.connectors.testsupport.Api.asStaff;
import static io.connectors.testsupport.Api.createConnector;
import static io.connectors.testsupport.Api.createDefaultConnector;
import static io.connectors.testsupport.Api.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class ConnectorResourceTests {

    @Test
    void createdConnectorIsReturnedTrimmedWithMaskedHeaders() {
        String name = uniqueName("created");
        String id = asStaff()
                .body(Map.of("name", "  " + name + " ", "url", DEFAULT_URL,
                        "headers", Map.of("Authorization", "Bearer s3cret-value")))
                .post(BASE + "/mcps")
                .then().statusCode(201)
                .header("Location", containsString(BASE + "/mcps/mcp/"))
                .contentType(ContentType.JSON)
                .body("name", equalTo(name))
                .body("type", equalTo("simple"))
                .body("url", equalTo(DEFAULT_URL))
                .body("headers.Authorization", equalTo("********"))
                .body("organization_id", equalTo("org-a"))
                .body("oauth_mcp", nullValue())
                .body("created_at", notNullValue())
                .body("updated_at", notNullValue())
                .body("created_by", equalTo(Tokens.DEFAULT_USER))
                .body(not(containsString("s3cret-value")))
                .extract().path("id");

        asStaff().get(BASE + "/mcps/mcp/" + id).then().statusCode(200)
                .body("name", equalTo(name)).body(not(containsString("s3cret-value")));
        asStaff().get(BASE + "/mcps").then().statusCode(200)
                .body("name", hasItem(name)).body(not(containsString("s3cret-value")));
    }

    @Test
    void oauthConnectorPointsAtAPredefinedOAuthMcp() {
        asStaff().body(Map.of("name", uniqueName("mail"), "type", "oauth", "oauth_mcp", "gmail"))
                .post(BASE + "/mcps")
                .then().statusCode(201)
                .body("type", equalTo("oauth")).body("oauth_mcp", equalTo("gmail")).body("url", nullValue());
    }

    @Test
    void duplicateNameIsRejected() {
        Map<String, Object> body = createDefaultConnector();
        createConnector(body);
        asStaff().body(body).post(BASE + "/mcps")
                .then().statusCode(409).contentType("application/problem+json")
                .body("status", equalTo(409))
                .body("title", equalTo("Conflict"))
                .body("detail", containsString((String) body.get("name")));
    }

    @Test
    void sameNameInAnotherOrganizationIsFine() {
        Map<String, Object> body = createDefaultConnector();
        createConnector(body);
        as(Tokens.staff("user-b", "org-b")).body(body).post("/api/organizations/org-b/mcps")
                .then().statusCode(201);
    }

    @Test
    void everyBrokenRuleIsReportedPerField() {
        Map<String, Object> body = new HashMap<>();
        body.put("name", " ");
        body.put("url", "ftp://files.example.com/mcp");
        body.put("headers", Map.of("Bad Header", "x", "X-Ok", "line\r\nInjected: yes"));
        asStaff().body(body).post(BASE + "/mcps")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("name"))
                .body("errors.field", hasItem("url"))
                .body("errors.field", hasItem("headers.Bad Header"))
                .body("errors.field", hasItem("headers.X-Ok"));
    }

    @Test
    void urlMustBeAbsoluteHttpOrHttpsWithoutCredentials() {
        for (String url : List.of("mcp.example.com/mcp", "javascript:alert(1)", "file:///etc/passwd",
                "https://user:pass@mcp.example.com/mcp", "https:///mcp", "https://exa mple.com/")) {
            asStaff().body(Map.of("name", uniqueName("bad-url"), "url", url)).post(BASE + "/mcps")
                    .then().statusCode(400).body("errors[0].field", equalTo("url"));
        }
    }

    @Test
    void urlMayReferenceVariables() {
        asStaff().body(Map.of("name", uniqueName("templated"), "url", "https://{{MCP_HOST}}/mcp?key={{ API_KEY }}"))
                .post(BASE + "/mcps").then().statusCode(201);
        asStaff().body(Map.of("name", uniqueName("templated"), "url", "https://{{1BAD}}/mcp"))
                .post(BASE + "/mcps").then().statusCode(400).body("errors[0].message", containsString("1BAD"));
    }

    @Test
    void nameLongerThan100CharactersIsRejected() {
        asStaff().body(Map.of("name", "n".repeat(101), "url", DEFAULT_URL)).post(BASE + "/mcps")
                .then().statusCode(400).body("errors[0].field", equalTo("name"));
        asStaff().body(Map.of("name", uniqueName("n".repeat(90)), "url", DEFAULT_URL)).post(BASE + "/mcps")
                .then().statusCode(201);
    }

    @Test
    void unknownOAuthMcpIsRejected() {
        asStaff().body(Map.of("name", uniqueName("oauth"), "type", "oauth", "oauth_mcp", "dropbox"))
                .post(BASE + "/mcps")
                .then().statusCode(400).body("errors[0].field", equalTo("oauth_mcp"))
                .body("errors[0].message", containsString("gmail"));
    }

    @Test
    void fieldsOfTheOtherTypeAreRejected() {
        asStaff().body(Map.of("name", uniqueName("mixed"), "type", "oauth", "oauth_mcp", "gmail", "url", DEFAULT_URL))
                .post(BASE + "/mcps").then().statusCode(400).body("errors[0].field", equalTo("url"));
        asStaff().body(Map.of("name", uniqueName("mixed"), "url", DEFAULT_URL, "oauth_mcp", "gmail"))
                .post(BASE + "/mcps").then().statusCode(400).body("errors[0].field", equalTo("oauth_mcp"));
    }

    @Test
    void managedHeadersCannotBeConfigured() {
        asStaff().body(Map.of("name", uniqueName("host"), "url", DEFAULT_URL, "headers", Map.of("Host", "evil")))
                .post(BASE + "/mcps").then().statusCode(400).body("errors[0].field", equalTo("headers.Host"));
    }

    @Test
    void malformedJsonWrongTypesAndUnknownEnumsAreBadRequests() {
        asStaff().body("{\"name\": \"x\", ").post(BASE + "/mcps")
                .then().statusCode(400).contentType("application/problem+json");
        asStaff().body("{\"name\": [1,2], \"url\": \"" + DEFAULT_URL + "\"}").post(BASE + "/mcps")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("name"));
        asStaff().body("{\"name\": \"x\", \"type\": \"websocket\"}").post(BASE + "/mcps")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("type"))
                .body("errors[0].message", containsString("simple"));
        asStaff().body("{\"name\": \"x\", \"headers\": {\"A\": 1}}").post(BASE + "/mcps")
                .then().statusCode(400).contentType("application/problem+json");
        asStaff().body("[]").post(BASE + "/mcps").then().statusCode(400).contentType("application/problem+json");
        asStaff().post(BASE + "/mcps").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void oversizedBodyIsRejectedBeforeParsing() {
        String huge = "x".repeat(300 * 1024);
        asStaff().body(Map.of("name", "big", "url", DEFAULT_URL, "headers", Map.of("X-Big", huge)))
                .post(BASE + "/mcps").then().statusCode(413).contentType("application/problem+json");
    }

    @Test
    void updateChangesNameAndUrlAndKeepsWhatIsLeftOut() {
        Map<String, Object> body = createDefaultConnector();
        body.put("headers", Map.of("X-Api-Key", "k1"));
        String id = createConnector(body);
        String renamed = uniqueName("renamed");
        asStaff().body(Map.of("name", renamed, "url", UPDATED_URL)).put(BASE + "/mcps/mcp/" + id)
                .then().statusCode(200)
                .body("name", equalTo(renamed)).body("url", equalTo(UPDATED_URL))
                .body("headers", hasKey("X-Api-Key"))
                .body("updated_by", equalTo(Tokens.DEFAULT_USER));
    }

    @Test
    void headerMappedToNullOrMaskKeepsItsValueAndLeftOutHeaderIsRemoved() {
        Map<String, Object> body = createDefaultConnector();
        body.put("headers", Map.of("A", "alpha", "B", "bravo", "C", "charlie"));
        String id = createConnector(body);
        Map<String, Object> headers = new HashMap<>();
        headers.put("A", null);
        headers.put("B", "********");
        headers.put("D", "delta");
        asStaff().body(Map.of("headers", headers)).put(BASE + "/mcps/mcp/" + id)
                .then().statusCode(200)
                .body("headers.keySet()", equalTo(java.util.Set.of("A", "B", "D")));
        // Keeping a header that was never stored has nothing to keep.
        Map<String, Object> phantom = new HashMap<>();
        phantom.put("Z", null);
        asStaff().body(Map.of("headers", phantom)).put(BASE + "/mcps/mcp/" + id)
                .then().statusCode(400).body("errors[0].field", equalTo("headers.Z"));
    }

    @Test
    void typeCannotBeChanged() {
        String id = createConnector(createDefaultConnector());
        asStaff().body(Map.of("type", "oauth", "oauth_mcp", "gmail")).put(BASE + "/mcps/mcp/" + id)
                .then().statusCode(400)
                .body("errors[0].field", equalTo("type"))
                .body("errors[0].message", equalTo("Type cannot be changed. Recreate the connector to switch type."));
        asStaff().body(Map.of("type", "simple", "name", uniqueName("same-type"))).put(BASE + "/mcps/mcp/" + id)
                .then().statusCode(200);
    }

    @Test
    void oauthConnectorCanChangeItsOAuthMcp() {
        String id = asStaff().body(Map.of("name", uniqueName("cal"), "type", "oauth", "oauth_mcp", "gmail"))
                .post(BASE + "/mcps").then().statusCode(201).extract().path("id");
        asStaff().body(Map.of("oauth_mcp", "google_calendar")).put(BASE + "/mcps/mcp/" + id)
                .then().statusCode(200).body("oauth_mcp", equalTo("google_calendar"));
    }

    @Test
    void renameToATakenNameConflicts() {
        Map<String, Object> first = createDefaultConnector();
        createConnector(first);
        String id = createConnector(createDefaultConnector());
        asStaff().body(Map.of("name", first.get("name"))).put(BASE + "/mcps/mcp/" + id).then().statusCode(409);
    }

    @Test
    void deletedConnectorIsGone() {
        String id = createConnector(createDefaultConnector());
        asStaff().delete(BASE + "/mcps/mcp/" + id).then().statusCode(204);
        asStaff().get(BASE + "/mcps/mcp/" + id).then().statusCode(404).contentType("application/problem+json");
        asStaff().delete(BASE + "/mcps/mcp/" + id).then().statusCode(404);
    }

    @Test
    void anotherOrganizationsConnectorIsNotFound() {
        String id = createConnector(createDefaultConnector());
        String otherOrgMember = Tokens.staff("user-2", "org-a", "org-b");
        as(otherOrgMember).get("/api/organizations/org-b/mcps/mcp/" + id).then().statusCode(404);
        as(otherOrgMember).body(Map.of("name", "stolen")).put("/api/organizations/org-b/mcps/mcp/" + id)
                .then().statusCode(404);
        as(otherOrgMember).delete("/api/organizations/org-b/mcps/mcp/" + id).then().statusCode(404);
        asStaff().get(BASE + "/mcps/mcp/" + id).then().statusCode(200);
        as(otherOrgMember).get("/api/organizations/org-b/mcps").then().statusCode(200)
                .body("id", not(hasItem(id)));
    }

    @Test
    void malformedConnectorIdIsNotFound() {
        asStaff().get(BASE + "/mcps/mcp/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aiTeammateMayCreateAndUpdateButNotDelete() {
        String ai = Tokens.ai("org-a");
        String id = as(ai).body(createDefaultConnector()).post(BASE + "/mcps").then().statusCode(201)
                .extract().path("id");
        as(ai).body(Map.of("url", UPDATED_URL)).put(BASE + "/mcps/mcp/" + id).then().statusCode(200);
        as(ai).get(BASE + "/mcps/mcp/" + id).then().statusCode(200);
        as(ai).delete(BASE + "/mcps/mcp/" + id).then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("not available to AI"));
        asStaff().get(BASE + "/mcps/mcp/" + id).then().statusCode(200);
    }

    @Test
    void listIsOrderedByNameAndPagedWithALinkHeader() {
        String org = "org-paging-" + uniqueName("p");
        String token = Tokens.staff("pager", org);
        for (String name : List.of("delta", "alpha", "charlie", "bravo", "echo")) {
            as(token).body(Map.of("name", name, "url", DEFAULT_URL)).post("/api/organizations/" + org + "/mcps")
                    .then().statusCode(201);
        }
        as(token).get("/api/organizations/" + org + "/mcps").then().statusCode(200)
                .body("name", equalTo(List.of("alpha", "bravo", "charlie", "delta", "echo")));
        String link = as(token).queryParam("limit", 2).get("/api/organizations/" + org + "/mcps")
                .then().statusCode(200).body("name", equalTo(List.of("alpha", "bravo")))
                .extract().header("Link");
        assertTrue(link.contains("after=bravo") && link.contains("rel=\"next\""), link);
        as(token).queryParam("limit", 2).queryParam("after", "bravo").get("/api/organizations/" + org + "/mcps")
                .then().statusCode(200).body("name", equalTo(List.of("charlie", "delta")));
        as(token).queryParam("limit", 2).queryParam("after", "delta").get("/api/organizations/" + org + "/mcps")
                .then().statusCode(200).body("name", equalTo(List.of("echo"))).header("Link", nullValue());
        as(token).queryParam("limit", 0).get("/api/organizations/" + org + "/mcps").then().statusCode(400);
        as(token).queryParam("limit", 100000).get("/api/organizations/" + org + "/mcps").then().statusCode(400);
    }

    @Test
    void requestWithoutTokenIsUnauthorized() {
        given().get(BASE + "/mcps").then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"));
    }

    @Test
    void nonMemberIsForbidden() {
        as(Tokens.staff("user-2", "org-b")).get(BASE + "/mcps").then().statusCode(403)
                .contentType("application/problem+json");
        as(Tokens.staff("user-2", "org-b")).body(createDefaultConnector()).post(BASE + "/mcps").then().statusCode(403);
    }
}
