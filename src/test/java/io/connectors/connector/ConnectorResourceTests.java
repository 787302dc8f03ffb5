package io.connectors.connector;

import io.connectors.testsupport.Tokens;
import io.connectors.testsupport.mcp.TestMcpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
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
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class ConnectorResourceTests {

    /** {@code POST /mcps/test} of one connector as the default staff member. */
    private static ValidatableResponse testConnector(String id) {
        return asStaff().body(Map.of("mcp_id", id)).post(BASE + "/mcps/test").then().statusCode(200);
    }

    private static List<String> distinct(List<String> values) {
        return values.stream().distinct().toList();
    }

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
                .then().statusCode(201).body("name", equalTo(body.get("name"))).body("organization_id", equalTo("org-b"));
    }

    @Test
    void everyBrokenRuleIsReportedPerField() {
        Map<String, Object> body = new HashMap<>();
        body.put("name", " ");
        body.put("url", "ftp://files.example.com/mcp");
        body.put("headers", Map.of("Bad Header", "x", "X-Ok", "line\r\nInjected: yes"));
        asStaff().body(body).post(BASE + "/mcps")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("detail", equalTo("4 fields are invalid; see errors"))
                .body("errors", containsInAnyOrder(
                        Map.of("field", "name", "message", "is required"),
                        Map.of("field", "url", "message", "must be an absolute http:// or https:// URL"),
                        Map.of("field", "headers.Bad Header", "message",
                                "is not a valid HTTP header name (letters, digits and !#$%&'*+-.^_`|~)"),
                        Map.of("field", "headers.X-Ok", "message", "value must not contain line breaks or NUL")));
    }

    @Test
    void urlMustBeAbsoluteHttpOrHttpsWithoutCredentials() {
        Map<String, String> expected = Map.of(
                "mcp.example.com/mcp", "must be an absolute http:// or https:// URL",
                "javascript:alert(1)", "must be an absolute http:// or https:// URL",
                "file:///etc/passwd", "must be an absolute http:// or https:// URL",
                "https://user:pass@mcp.example.com/mcp", "must not contain credentials (user:pass@); use a header instead",
                "https:///mcp", "must name a host",
                "https://mcp.example.com:0/mcp", "must have a port between 1 and 65535",
                "http://mcp.example.com:65536/mcp", "must have a port between 1 and 65535",
                "https://exa mple.com/", "is not a valid URL");
        expected.forEach((url, message) ->
                asStaff().body(Map.of("name", uniqueName("bad-url"), "url", url)).post(BASE + "/mcps")
                        .then().statusCode(400).contentType("application/problem+json")
                        .body("errors", equalTo(List.of(Map.of("field", "url", "message", message)))));
    }

    @Test
    void urlMayReferenceVariables() {
        asStaff().body(Map.of("name", uniqueName("templated"), "url", "https://{{MCP_HOST}}/mcp?key={{ API_KEY }}"))
                .post(BASE + "/mcps").then().statusCode(201)
                .body("url", equalTo("https://{{MCP_HOST}}/mcp?key={{ API_KEY }}"));
        asStaff().body(Map.of("name", uniqueName("templated"), "url", "https://{{1BAD}}/mcp"))
                .post(BASE + "/mcps").then().statusCode(400).contentType("application/problem+json")
                .body("errors", equalTo(List.of(Map.of("field", "url", "message",
                        "references {{1BAD}}, which is not a valid variable name"))));
    }

    @Test
    void nameLongerThan100CharactersIsRejected() {
        asStaff().body(Map.of("name", "n".repeat(101), "url", DEFAULT_URL)).post(BASE + "/mcps")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors", equalTo(List.of(Map.of("field", "name", "message", "must be at most 100 characters"))));
        String longest = uniqueName("n".repeat(91));
        asStaff().body(Map.of("name", longest, "url", DEFAULT_URL)).post(BASE + "/mcps")
                .then().statusCode(201).body("name", equalTo(longest));
    }

    @Test
    void unknownOAuthMcpIsRejected() {
        asStaff().body(Map.of("name", uniqueName("oauth"), "type", "oauth", "oauth_mcp", "dropbox"))
                .post(BASE + "/mcps")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.size()", equalTo(1))
                .body("errors[0].field", equalTo("oauth_mcp"))
                .body("errors[0].message", containsString("is not a predefined OAuth MCP; known: gmail"));
    }

    @Test
    void fieldsOfTheOtherTypeAreRejected() {
        asStaff().body(Map.of("name", uniqueName("mixed"), "type", "oauth", "oauth_mcp", "gmail", "url", DEFAULT_URL))
                .post(BASE + "/mcps").then().statusCode(400).contentType("application/problem+json")
                .body("errors", equalTo(List.of(Map.of("field", "url", "message", "applies only to simple connectors"))));
        asStaff().body(Map.of("name", uniqueName("mixed"), "url", DEFAULT_URL, "oauth_mcp", "gmail"))
                .post(BASE + "/mcps").then().statusCode(400).contentType("application/problem+json")
                .body("errors", equalTo(List.of(Map.of("field", "oauth_mcp", "message",
                        "applies only to oauth connectors"))));
    }

    @Test
    void managedHeadersCannotBeConfigured() {
        asStaff().body(Map.of("name", uniqueName("host"), "url", DEFAULT_URL, "headers", Map.of("Host", "evil")))
                .post(BASE + "/mcps").then().statusCode(400).contentType("application/problem+json")
                .body("errors", equalTo(List.of(Map.of("field", "headers.Host", "message",
                        "is set by the MCP client itself and can't be configured"))));
    }

    @Test
    void proxyHeadersAndTheEgressSessionHeaderCannotBeConfigured() {
        for (String name : List.of("Proxy-Connectors-Session", "proxy-authorization", "Proxy-Anything")) {
            asStaff().body(Map.of("name", uniqueName("proxy"), "url", DEFAULT_URL, "headers", Map.of(name, "x")))
                    .post(BASE + "/mcps").then().statusCode(400).contentType("application/problem+json")
                    .body("errors", equalTo(List.of(Map.of("field", "headers." + name, "message",
                            "is a proxy header (Proxy-…), which never reaches the server; it can't be configured"))));
        }
        asStaff().body(Map.of("name", uniqueName("proxyish"), "url", DEFAULT_URL, "headers", Map.of("X-Proxy-Id", "x")))
                .post(BASE + "/mcps").then().statusCode(201);
    }

    @Test
    void malformedJsonWrongTypesAndUnknownEnumsAreBadRequests() {
        // Truncated JSON is refused by the REST layer before the body is mapped: a problem without field errors.
        asStaff().body("{\"name\": \"x\", ").post(BASE + "/mcps")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("title", equalTo("Bad Request"))
                .body("instance", equalTo(BASE + "/mcps"));
        asStaff().body("{\"name\": [1,2], \"url\": \"" + DEFAULT_URL + "\"}").post(BASE + "/mcps")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors", equalTo(List.of(Map.of("field", "name", "message", "must be a string"))));
        asStaff().body("{\"name\": \"x\", \"type\": \"websocket\"}").post(BASE + "/mcps")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors", equalTo(List.of(Map.of("field", "type", "message", "must be one of simple, oauth"))));
        asStaff().body("{\"name\": \"x\", \"headers\": {\"A\": {}}}").post(BASE + "/mcps")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors", equalTo(List.of(Map.of("field", "headers.A", "message", "must be a string"))));
        asStaff().body("[]").post(BASE + "/mcps").then().statusCode(400).contentType("application/problem+json")
                .body("errors", equalTo(List.of(Map.of("field", "body", "message", "must be a JSON object"))));
        asStaff().post(BASE + "/mcps").then().statusCode(400).contentType("application/problem+json")
                .body("errors", equalTo(List.of(Map.of("field", "body", "message", "is required"))));
    }

    @Test
    void oversizedBodyIsRejectedBeforeParsing() {
        String huge = "x".repeat(300 * 1024);
        asStaff().body(Map.of("name", "big", "url", DEFAULT_URL, "headers", Map.of("X-Big", huge)))
                .post(BASE + "/mcps").then().statusCode(413).contentType("application/problem+json")
                .body("status", equalTo(413))
                .body("detail", equalTo("The request body is larger than 256 KiB"));
    }

    @Test
    void updateChangesNameAndUrlAndKeepsWhatIsLeftOut() {
        try (TestMcpServer server = TestMcpServer.streamable().start()) {
            Map<String, Object> body = createDefaultConnector();
            body.put("url", server.url());
            body.put("headers", Map.of("X-Api-Key", "k1"));
            String id = createConnector(body);
            String renamed = uniqueName("renamed");
            // Same server (origin), another path: the stored header value stays bound to it.
            String moved = server.url() + "?version=2";
            asStaff().body(Map.of("name", renamed, "url", moved)).put(BASE + "/mcps/mcp/" + id)
                    .then().statusCode(200)
                    .body("name", equalTo(renamed)).body("url", equalTo(moved))
                    .body("headers", equalTo(Map.of("X-Api-Key", "********")))
                    .body("updated_by", equalTo(Tokens.DEFAULT_USER));
            testConnector(id).body("error", nullValue()).body("success", equalTo(true));
            assertEquals(List.of("k1"), distinct(server.headerValues("X-Api-Key")));
        }
    }

    @Test
    void urlOfAnotherOriginCannotKeepTheStoredHeaders() {
        Map<String, Object> body = createDefaultConnector();
        body.put("headers", Map.of("X-Api-Key", "k1"));
        String id = createConnector(body);
        asStaff().body(Map.of("url", UPDATED_URL)).put(BASE + "/mcps/mcp/" + id)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors", equalTo(List.of(Map.of("field", "headers.X-Api-Key", "message",
                        "the connector now points to another server; give this header's value again"))));
        asStaff().get(BASE + "/mcps/mcp/" + id).then().statusCode(200)
                .body("url", equalTo(DEFAULT_URL)).body("headers", equalTo(Map.of("X-Api-Key", "********")));
        asStaff().body(Map.of("url", UPDATED_URL, "headers", Map.of("X-Api-Key", "k2")))
                .put(BASE + "/mcps/mcp/" + id).then().statusCode(200).body("url", equalTo(UPDATED_URL));
    }

    @Test
    void nullOrMaskKeepsTheStoredValueANewValueReplacesItAndALeftOutHeaderIsRemoved() {
        try (TestMcpServer server = TestMcpServer.streamable().start()) {
            Map<String, Object> body = createDefaultConnector();
            body.put("url", server.url());
            body.put("headers", Map.of("A", "alpha", "B", "bravo", "C", "charlie"));
            String id = createConnector(body);
            Map<String, Object> headers = new HashMap<>();
            headers.put("A", null);
            headers.put("B", "********");
            headers.put("D", "delta");
            asStaff().body(Map.of("headers", headers)).put(BASE + "/mcps/mcp/" + id)
                    .then().statusCode(200)
                    .body("headers", equalTo(Map.of("A", "********", "B", "********", "D", "********")));
            testConnector(id).body("error", nullValue()).body("success", equalTo(true));
            Map<String, String> sent = server.seenHeaders().get(server.seenHeaders().size() - 1);
            assertEquals("alpha", sent.get("a"));
            assertEquals("bravo", sent.get("b"));
            assertEquals("delta", sent.get("d"));
            assertFalse(sent.containsKey("c"), "the header left out is still sent: " + sent.keySet());
            assertFalse(server.received("********"), "the mask itself was sent as a value");

            Map<String, Object> replaced = new HashMap<>();
            replaced.put("A", "alpha-2");
            replaced.put("B", null);
            replaced.put("D", "********");
            asStaff().body(Map.of("headers", replaced)).put(BASE + "/mcps/mcp/" + id).then().statusCode(200);
            int before = server.seenHeaders().size();
            testConnector(id).body("error", nullValue()).body("success", equalTo(true));
            List<Map<String, String>> afterReplace = server.seenHeaders().subList(before, server.seenHeaders().size());
            assertEquals(List.of("alpha-2"), distinct(afterReplace.stream().map(h -> h.get("a")).toList()));
            assertEquals(List.of("bravo"), distinct(afterReplace.stream().map(h -> h.get("b")).toList()));
            assertEquals(List.of("delta"), distinct(afterReplace.stream().map(h -> h.get("d")).toList()));
        }
    }

    @Test
    void keepingAHeaderThatWasNeverStoredIsRefused() {
        Map<String, Object> body = createDefaultConnector();
        body.put("headers", Map.of("A", "alpha"));
        String id = createConnector(body);
        Map<String, Object> phantom = new HashMap<>();
        phantom.put("Z", null);
        asStaff().body(Map.of("headers", phantom)).put(BASE + "/mcps/mcp/" + id)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors", equalTo(List.of(Map.of("field", "headers.Z", "message",
                        "has no stored value to keep; send its value"))));
    }

    @Test
    void typeCannotBeChanged() {
        String id = createConnector(createDefaultConnector());
        asStaff().body(Map.of("type", "oauth", "oauth_mcp", "gmail")).put(BASE + "/mcps/mcp/" + id)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors", equalTo(List.of(Map.of("field", "type", "message",
                        "Type cannot be changed. Recreate the connector to switch type."))));
        asStaff().get(BASE + "/mcps/mcp/" + id).then().statusCode(200).body("type", equalTo("simple"))
                .body("oauth_mcp", nullValue());
        asStaff().body(Map.of("type", "simple", "name", uniqueName("same-type"))).put(BASE + "/mcps/mcp/" + id)
                .then().statusCode(200).body("type", equalTo("simple"));
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
        asStaff().body(Map.of("name", first.get("name"))).put(BASE + "/mcps/mcp/" + id)
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("urn:problem:connectors:duplicate-name"))
                .body("detail", equalTo("A connector named '" + first.get("name")
                        + "' already exists in this organization; choose another name"));
    }

    @Test
    void deletedConnectorIsGone() {
        String id = createConnector(createDefaultConnector());
        asStaff().delete(BASE + "/mcps/mcp/" + id).then().statusCode(204);
        asStaff().get(BASE + "/mcps/mcp/" + id).then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("No connector " + id + " in this organization"));
        asStaff().delete(BASE + "/mcps/mcp/" + id).then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("No connector " + id + " in this organization"));
    }

    @Test
    void anotherOrganizationsConnectorIsNotFound() {
        String id = createConnector(createDefaultConnector());
        String otherOrgMember = Tokens.staff("user-2", "org-a", "org-b");
        String missing = "No connector " + id + " in this organization";
        as(otherOrgMember).get("/api/organizations/org-b/mcps/mcp/" + id).then().statusCode(404)
                .body("detail", equalTo(missing));
        as(otherOrgMember).body(Map.of("name", "stolen")).put("/api/organizations/org-b/mcps/mcp/" + id)
                .then().statusCode(404).body("detail", equalTo(missing));
        as(otherOrgMember).delete("/api/organizations/org-b/mcps/mcp/" + id).then().statusCode(404)
                .body("detail", equalTo(missing));
        asStaff().get(BASE + "/mcps/mcp/" + id).then().statusCode(200).body("name", not(equalTo("stolen")));
        as(otherOrgMember).get("/api/organizations/org-b/mcps").then().statusCode(200)
                .body("id", not(hasItem(id)));
    }

    @Test
    void malformedConnectorIdIsNotFound() {
        asStaff().get(BASE + "/mcps/mcp/not-a-uuid").then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("No connector not-a-uuid in this organization"));
    }

    @Test
    void aiTeammateMayCreateAndUpdateButNotDelete() {
        String ai = Tokens.ai("org-a");
        String id = as(ai).body(createDefaultConnector()).post(BASE + "/mcps").then().statusCode(201)
                .extract().path("id");
        as(ai).body(Map.of("url", UPDATED_URL)).put(BASE + "/mcps/mcp/" + id).then().statusCode(200)
                .body("url", equalTo(UPDATED_URL));
        as(ai).get(BASE + "/mcps/mcp/" + id).then().statusCode(200).body("id", equalTo(id));
        as(ai).delete(BASE + "/mcps/mcp/" + id).then().statusCode(403).contentType("application/problem+json")
                .body("detail", equalTo("The action delete_mcp is not available to AI teammates; a person must do it"));
        asStaff().get(BASE + "/mcps/mcp/" + id).then().statusCode(200).body("id", equalTo(id));
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
        for (int limit : new int[] {0, 100000}) {
            as(token).queryParam("limit", limit).get("/api/organizations/" + org + "/mcps").then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors", equalTo(List.of(Map.of("field", "limit", "message", "must be between 1 and 500"))));
        }
    }

    @Test
    void requestWithoutTokenIsUnauthorized() {
        given().get(BASE + "/mcps").then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"))
                .contentType("application/problem+json").body("detail", equalTo("A valid bearer token is required"));
    }

    @Test
    void nonMemberIsForbidden() {
        as(Tokens.staff("user-2", "org-b")).get(BASE + "/mcps").then().statusCode(403)
                .contentType("application/problem+json")
                .body("detail", equalTo("You are not a member of organization org-a"));
        as(Tokens.staff("user-2", "org-b")).body(createDefaultConnector()).post(BASE + "/mcps").then().statusCode(403)
                .contentType("application/problem+json")
                .body("detail", equalTo("You are not a member of organization org-a"));
    }

    // --- Optimistic concurrency: ETag and If-Match ----------------------------------------------------------

    private static final String STALE = "The connector was changed since you loaded it; reload it and apply your "
            + "change again";

    @Test
    void createGetAndUpdateCarryTheVersionAsAnETag() {
        var created = asStaff().body(createDefaultConnector()).post(BASE + "/mcps").then().statusCode(201).extract();
        String location = created.header("Location");
        String createdTag = created.header("ETag");
        assertTrue(createdTag != null && createdTag.matches("\"[^\"]+\""), "create answered ETag " + createdTag);
        asStaff().get(location).then().statusCode(200).header("ETag", equalTo(createdTag));

        String updatedTag = asStaff().header("If-Match", createdTag).body(Map.of("name", uniqueName("renamed")))
                .put(location).then().statusCode(200).extract().header("ETag");
        assertTrue(updatedTag != null && !updatedTag.equals(createdTag), "the update answered ETag " + updatedTag);
        asStaff().get(location).then().statusCode(200).header("ETag", equalTo(updatedTag));
    }

    @Test
    void staleIfMatchIsPreconditionFailedAndChangesNothing() {
        Map<String, Object> body = createDefaultConnector();
        String location = asStaff().body(body).post(BASE + "/mcps").then().statusCode(201).extract().header("Location");
        String first = asStaff().get(location).then().extract().header("ETag");
        asStaff().header("If-Match", first).body(Map.of("url", DEFAULT_URL + "?v=2")).put(location)
                .then().statusCode(200);

        asStaff().header("If-Match", first).body(Map.of("name", uniqueName("stale"))).put(location)
                .then().statusCode(412).contentType("application/problem+json")
                .body("status", equalTo(412))
                .body("type", equalTo("urn:problem:connectors:stale"))
                .body("detail", equalTo(STALE));
        asStaff().get(location).then().statusCode(200)
                .body("name", equalTo(body.get("name"))).body("url", equalTo(DEFAULT_URL + "?v=2"));
    }

    @Test
    void anEditFromAStalePageCannotDropAHeaderSomeoneElseAdded() {
        Map<String, Object> body = createDefaultConnector();
        body.put("headers", Map.of("A", "alpha"));
        String location = asStaff().body(body).post(BASE + "/mcps").then().statusCode(201).extract().header("Location");
        // Two people open the edit dialog on the same version.
        String seenByBoth = asStaff().get(location).then().statusCode(200).extract().header("ETag");

        Map<String, Object> addsB = new HashMap<>();
        addsB.put("A", null);
        addsB.put("B", "bravo");
        asStaff().header("If-Match", seenByBoth).body(Map.of("headers", addsB)).put(location).then().statusCode(200);
        Map<String, Object> keepsOnlyA = new HashMap<>();
        keepsOnlyA.put("A", null);
        asStaff().header("If-Match", seenByBoth).body(Map.of("name", uniqueName("second"), "headers", keepsOnlyA))
                .put(location).then().statusCode(412).body("detail", equalTo(STALE));

        asStaff().get(location).then().statusCode(200)
                .body("name", equalTo(body.get("name")))
                .body("headers", equalTo(Map.of("A", "********", "B", "********")));
    }

    @Test
    void withoutIfMatchOrWithAStarTheUpdateIsUnconditional() {
        String location = asStaff().body(createDefaultConnector()).post(BASE + "/mcps").then().statusCode(201)
                .extract().header("Location");
        asStaff().body(Map.of("url", DEFAULT_URL + "?v=2")).put(location).then().statusCode(200);
        asStaff().header("If-Match", "*").body(Map.of("url", DEFAULT_URL + "?v=3")).put(location).then()
                .statusCode(200).body("url", equalTo(DEFAULT_URL + "?v=3"));
        asStaff().header("If-Match", "\"no-such-version\"").body(Map.of("url", DEFAULT_URL)).put(location).then()
                .statusCode(412).body("detail", equalTo(STALE));
    }

    // --- What an AI teammate may change ---------------------------------------------------------------------

    private static final String AI_KEEPS_SECRETS = "An AI teammate may not remove or replace a connector's stored "
            + "header values, nor move a connector that has them to another server; a person must do it";

    @Test
    void aiTeammateCannotDropReplaceOrMoveStoredHeaderValues() {
        try (TestMcpServer server = TestMcpServer.streamable().start()) {
            Map<String, Object> body = createDefaultConnector();
            body.put("url", server.url());
            body.put("headers", Map.of("X-Api-Key", "k1"));
            String id = createConnector(body);
            String ai = Tokens.ai("org-a");

            for (Map<String, Object> change : List.<Map<String, Object>>of(
                    Map.of("headers", Map.of()),
                    Map.of("headers", Map.of("X-Api-Key", "replaced-by-ai")),
                    Map.of("url", UPDATED_URL),
                    Map.of("url", UPDATED_URL, "headers", Map.of("X-Api-Key", "replaced-by-ai")))) {
                as(ai).body(change).put(BASE + "/mcps/mcp/" + id).then().statusCode(403)
                        .contentType("application/problem+json")
                        .body("status", equalTo(403))
                        .body("detail", equalTo(AI_KEEPS_SECRETS));
            }

            // Renaming, another path on the same server and a new header are fine.
            Map<String, Object> headers = new HashMap<>();
            headers.put("X-Api-Key", null);
            headers.put("X-Trace", "t1");
            String renamed = uniqueName("by-ai");
            as(ai).body(Map.of("name", renamed, "url", server.url() + "?v=2", "headers", headers))
                    .put(BASE + "/mcps/mcp/" + id).then().statusCode(200)
                    .body("name", equalTo(renamed))
                    .body("headers", equalTo(Map.of("X-Api-Key", "********", "X-Trace", "********")));
            testConnector(id).body("error", nullValue()).body("success", equalTo(true));
            assertEquals(List.of("k1"), distinct(server.headerValues("X-Api-Key")));
            assertFalse(server.received("replaced-by-ai"));
        }
    }

    @Test
    void aiTeammateMayAddHeadersToAConnectorWithoutAnyAndMoveIt() {
        String ai = Tokens.ai("org-a");
        String id = createConnector(createDefaultConnector());
        as(ai).body(Map.of("url", UPDATED_URL, "headers", Map.of("X-Api-Key", "from-ai")))
                .put(BASE + "/mcps/mcp/" + id).then().statusCode(200)
                .body("url", equalTo(UPDATED_URL)).body("headers", equalTo(Map.of("X-Api-Key", "********")));
    }

    @Test
    void theAiRuleHoldsThroughTheActionGatewayAndIsPublished() {
        Map<String, Object> body = createDefaultConnector();
        body.put("headers", Map.of("X-Api-Key", "k1"));
        String id = createConnector(body);
        String ai = Tokens.ai("org-a");

        as(ai).body(Map.of("path_params", Map.of("mcp_id", id), "body", Map.of("headers", Map.of())))
                .post(BASE + "/actions/update_mcp").then().statusCode(403)
                .contentType("application/problem+json")
                .body("detail", equalTo(AI_KEEPS_SECRETS));
        asStaff().get(BASE + "/mcps/mcp/" + id).then().statusCode(200)
                .body("headers", equalTo(Map.of("X-Api-Key", "********")));
        // A person may do it.
        asStaff().body(Map.of("path_params", Map.of("mcp_id", id), "body", Map.of("headers", Map.of())))
                .post(BASE + "/actions/update_mcp").then().statusCode(200).body("headers", equalTo(Map.of()));

        as(ai).get(BASE + "/actions").then().statusCode(200)
                .body("find { it.name == 'update_mcp' }.available_to_ai", equalTo(true))
                .body("find { it.name == 'update_mcp' }.ai_restriction.name", equalTo("keep_stored_secrets"))
                .body("find { it.name == 'update_mcp' }.ai_restriction.description", equalTo(AI_KEEPS_SECRETS))
                .body("find { it.name == 'get_mcp' }.ai_restriction", nullValue());
    }
}
