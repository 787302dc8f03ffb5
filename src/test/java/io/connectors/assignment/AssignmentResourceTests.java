package io.connectors.assignment;

import io.connectors.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.builder.ResponseSpecBuilder;
import io.restassured.specification.ResponseSpecification;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.connectors.testsupport.Api.BASE;
import static io.connectors.testsupport.Api.as;
import static io.connectors.testsupport.Api.asStaff;
import static io.connectors.testsupport.Api.createConnector;
import static io.connectors.testsupport.Api.createDefaultConnector;
import static io.connectors.testsupport.Api.uniqueName;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class AssignmentResourceTests {

    static String employeePath(String employee) {
        return BASE + "/mcps/employee/" + employee;
    }

    @Test
    void assigningIsIdempotent() {
        String employee = uniqueName("emp");
        Map<String, Object> connector = createDefaultConnector();
        String mcpId = createConnector(connector);

        String firstId = asStaff().body(Map.of("mcp_id", mcpId)).post(employeePath(employee))
                .then().statusCode(201)
                .body("mcp_id", equalTo(mcpId))
                .body("employee_id", equalTo(employee))
                .body("name", equalTo(connector.get("name")))
                .body("created_by", equalTo(Tokens.DEFAULT_USER))
                .extract().path("id");
        asStaff().body(Map.of("mcp_id", mcpId)).post(employeePath(employee))
                .then().statusCode(200).body("id", equalTo(firstId));
        asStaff().get(employeePath(employee)).then().statusCode(200).body("$", hasSize(1))
                .body("[0].mcp_id", equalTo(mcpId));
    }

    @Test
    void predefinedOAuthMcpsAreAssignedByKey() {
        String employee = uniqueName("emp");
        asStaff().body(Map.of("oauth_mcp", "gmail")).post(employeePath(employee))
                .then().statusCode(201).body("oauth_mcp", equalTo("gmail")).body("name", equalTo("Gmail"));
        asStaff().body(Map.of("oauth_mcp", "gmail")).post(employeePath(employee)).then().statusCode(200)
                .body("oauth_mcp", equalTo("gmail"));
        asStaff().body(Map.of("oauth_mcp", "google_drive")).post(employeePath(employee)).then().statusCode(201)
                .body("oauth_mcp", equalTo("google_drive")).body("name", equalTo("Google Drive"));
        asStaff().get(employeePath(employee)).then().statusCode(200)
                .body("oauth_mcp", containsInAnyOrder("gmail", "google_drive"));
        asStaff().body(Map.of("oauth_mcp", "dropbox")).post(employeePath(employee))
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("oauth_mcp"))
                .body("detail", equalTo("oauth_mcp: is not a predefined OAuth MCP; known: gmail, google_calendar, "
                        + "google_drive"));
        asStaff().get(employeePath(employee)).then().statusCode(200).body("$", hasSize(2));
    }

    @Test
    void exactlyOneTargetIsRequired() {
        String employee = uniqueName("emp");
        String mcpId = createConnector(createDefaultConnector());
        asStaff().body(Map.of("mcp_id", mcpId, "oauth_mcp", "gmail")).post(employeePath(employee))
                .then().spec(exactlyOneTarget());
        asStaff().body(Map.of()).post(employeePath(employee)).then().spec(exactlyOneTarget());
        asStaff().delete(employeePath(employee)).then().spec(exactlyOneTarget());
        asStaff().queryParam("mcp_id", mcpId).queryParam("oauth_mcp", "gmail").delete(employeePath(employee))
                .then().spec(exactlyOneTarget());
        asStaff().get(employeePath(employee)).then().statusCode(200).body("$", empty());
    }

    private static ResponseSpecification exactlyOneTarget() {
        return new ResponseSpecBuilder().expectStatusCode(400).expectContentType("application/problem+json")
                .expectBody("type", equalTo("urn:problem:connectors:validation"))
                .expectBody("detail", equalTo("2 fields are invalid; see errors"))
                .expectBody("errors.field", contains("mcp_id", "oauth_mcp"))
                .expectBody("errors.message", everyItem(equalTo("give exactly one of mcp_id and oauth_mcp")))
                .build();
    }

    private static ResponseSpecification noSuchConnector(String mcpId) {
        return new ResponseSpecBuilder().expectStatusCode(404).expectContentType("application/problem+json")
                .expectBody("type", equalTo("urn:problem:connectors:not-found"))
                .expectBody("detail", equalTo("No connector " + mcpId + " in this organization"))
                .build();
    }

    @Test
    void unknownOrForeignConnectorCannotBeAssigned() {
        String employee = uniqueName("emp");
        String unknown = UUID.randomUUID().toString();
        asStaff().body(Map.of("mcp_id", unknown)).post(employeePath(employee)).then().spec(noSuchConnector(unknown));
        asStaff().body(Map.of("mcp_id", "not-a-uuid")).post(employeePath(employee))
                .then().spec(noSuchConnector("not-a-uuid"));
        String otherOrgConnector = as(Tokens.staff("user-b", "org-b"))
                .body(createDefaultConnector()).post("/api/organizations/org-b/mcps")
                .then().statusCode(201).extract().path("id");
        asStaff().body(Map.of("mcp_id", otherOrgConnector)).post(employeePath(employee))
                .then().spec(noSuchConnector(otherOrgConnector));
        asStaff().get(employeePath(employee)).then().statusCode(200).body("$", empty());
    }

    @Test
    void unassigningByQueryOrBodyIsIdempotent() {
        String employee = uniqueName("emp");
        String mcpId = createConnector(createDefaultConnector());
        asStaff().body(Map.of("mcp_id", mcpId)).post(employeePath(employee)).then().statusCode(201);
        asStaff().body(Map.of("oauth_mcp", "google_calendar")).post(employeePath(employee)).then().statusCode(201);

        asStaff().queryParam("mcp_id", mcpId).delete(employeePath(employee)).then().statusCode(204);
        asStaff().queryParam("mcp_id", mcpId).delete(employeePath(employee)).then().statusCode(204);
        asStaff().body(Map.of("oauth_mcp", "google_calendar")).delete(employeePath(employee)).then().statusCode(204);
        asStaff().get(employeePath(employee)).then().statusCode(200).body("$", empty());
    }

    @Test
    void unassigningNeedsNoBodyAndNoContentType() {
        String employee = uniqueName("emp");
        String mcpId = createConnector(createDefaultConnector());
        asStaff().body(Map.of("mcp_id", mcpId)).post(employeePath(employee)).then().statusCode(201);
        io.restassured.RestAssured.given().auth().oauth2(Tokens.staff()).queryParam("mcp_id", mcpId)
                .delete(employeePath(employee)).then().statusCode(204);
        asStaff().get(employeePath(employee)).then().statusCode(200).body("$", empty());
        asStaff().body("{\"mcp_id\": ").delete(employeePath(employee)).then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("body"))
                .body("errors[0].message", startsWith("is not a JSON object with mcp_id or oauth_mcp: "));
    }

    @Test
    void deletingAConnectorRemovesItsAssignments() {
        String employee = uniqueName("emp");
        String mcpId = createConnector(createDefaultConnector());
        asStaff().body(Map.of("mcp_id", mcpId)).post(employeePath(employee)).then().statusCode(201);
        asStaff().body(Map.of("oauth_mcp", "gmail")).post(employeePath(employee)).then().statusCode(201);
        asStaff().delete(BASE + "/mcps/mcp/" + mcpId).then().statusCode(204);
        asStaff().get(employeePath(employee)).then().statusCode(200).body("$", hasSize(1))
                .body("mcp_id", not(hasItem(mcpId))).body("[0].oauth_mcp", equalTo("gmail"));
    }

    @Test
    void assignmentsBelongToTheirTeammateAndOrganization() {
        String employee = uniqueName("emp");
        String mcpId = createConnector(createDefaultConnector());
        asStaff().body(Map.of("mcp_id", mcpId)).post(employeePath(employee)).then().statusCode(201);
        asStaff().get(employeePath(uniqueName("other-emp"))).then().statusCode(200).body("$", empty());
        as(Tokens.staff("user-b", "org-b")).get("/api/organizations/org-b/mcps/employee/" + employee)
                .then().statusCode(200).body("$", empty());
        as(Tokens.staff("user-b", "org-b")).get(employeePath(employee)).then().statusCode(403)
                .contentType("application/problem+json")
                .body("detail", equalTo("You are not a member of organization org-a"));
    }

    @Test
    void invalidTeammateIdIsRejected() {
        asStaff().get(BASE + "/mcps/employee/" + "x".repeat(65)).then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("employee_id"))
                .body("detail", equalTo("employee_id: must be 1 to 64 of A-Z, a-z, 0-9, _ and -"));
    }

    @Test
    void aiTeammateMayManageAssignments() {
        String employee = uniqueName("emp");
        String mcpId = createConnector(createDefaultConnector());
        String ai = Tokens.ai("org-a");
        as(ai).body(Map.of("mcp_id", mcpId)).post(employeePath(employee)).then().statusCode(201);
        as(ai).get(employeePath(employee)).then().statusCode(200).body("$", hasSize(1));
        as(ai).queryParam("mcp_id", mcpId).delete(employeePath(employee)).then().statusCode(204);
        as(ai).get(employeePath(employee)).then().statusCode(200).body("$", empty());
    }

    @Test
    void assignmentsAreListedInTheOrderTheyWereEnabled() {
        String employee = uniqueName("emp");
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = createConnector(createDefaultConnector());
            ids.add(id);
            asStaff().body(Map.of("mcp_id", id)).post(employeePath(employee)).then().statusCode(201);
        }
        asStaff().get(employeePath(employee)).then().statusCode(200).body("mcp_id", equalTo(ids));
    }

    private static Map<String, Object> withTools(String mcpId, Object tools) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("mcp_id", mcpId);
        body.put("tools", tools);
        return body;
    }

    @Test
    void everyToolIsTheDefault() {
        String employee = uniqueName("emp");
        String mcpId = createConnector(createDefaultConnector());
        asStaff().body(Map.of("mcp_id", mcpId)).post(employeePath(employee)).then().statusCode(201)
                .body("containsKey('tools')", equalTo(true)).body("tools", equalTo(null));
        asStaff().body(Map.of("oauth_mcp", "gmail", "tools", List.of("send"))).post(employeePath(employee))
                .then().statusCode(201).body("tools", contains("send"));
        asStaff().get(employeePath(employee)).then().statusCode(200)
                .body("tools", contains(null, List.of("send")));
    }

    @Test
    void toolChoiceIsReplacedByAPostThatGivesIt() {
        String employee = uniqueName("emp");
        String mcpId = createConnector(createDefaultConnector());
        String id = asStaff().body(withTools(mcpId, List.of("search", "read"))).post(employeePath(employee))
                .then().statusCode(201).body("tools", contains("search", "read")).extract().path("id");
        asStaff().body(withTools(mcpId, List.of("write"))).post(employeePath(employee))
                .then().statusCode(200).body("id", equalTo(id)).body("tools", contains("write"));
        asStaff().get(employeePath(employee)).then().statusCode(200).body("[0].tools", contains("write"));
        // Left out: the choice stays.
        asStaff().body(Map.of("mcp_id", mcpId)).post(employeePath(employee))
                .then().statusCode(200).body("tools", contains("write"));
        asStaff().body(withTools(mcpId, List.of())).post(employeePath(employee))
                .then().statusCode(200).body("tools", empty());
        asStaff().get(employeePath(employee)).then().statusCode(200).body("[0].tools", empty());
        // null: every tool again.
        asStaff().body(withTools(mcpId, null)).post(employeePath(employee))
                .then().statusCode(200).body("tools", equalTo(null));
        asStaff().get(employeePath(employee)).then().statusCode(200).body("[0].tools", equalTo(null))
                .body("$", hasSize(1));
    }

    @Test
    void badToolChoicesAreRejectedPerElement() {
        String employee = uniqueName("emp");
        String mcpId = createConnector(createDefaultConnector());
        asStaff().body(withTools(mcpId, "search")).post(employeePath(employee)).then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", contains("tools"))
                .body("errors[0].message", equalTo("must be null (every tool) or an array of tool names"));
        asStaff().body(withTools(mcpId, java.util.Arrays.asList(7, " ", "ok", "ok", "x".repeat(129), null,
                        "a\u0000b")))
                .post(employeePath(employee)).then().statusCode(400)
                .body("errors.field", contains("tools[0]", "tools[1]", "tools[3]", "tools[4]", "tools[5]",
                        "tools[6]"))
                .body("errors.message", contains("must be a tool name (a string)", "must not be blank",
                        "names ok twice", "must be at most 128 characters", "must be a tool name (a string)",
                        "must not contain the NUL character (U+0000)"));
        List<String> tooMany = new java.util.ArrayList<>();
        for (int i = 0; i <= 2000; i++) {
            tooMany.add("t" + i);
        }
        asStaff().body(withTools(mcpId, tooMany)).post(employeePath(employee)).then().statusCode(400)
                .body("errors[0].field", equalTo("tools"))
                .body("errors[0].message", equalTo("may name at most 2000 tools"));
        asStaff().get(employeePath(employee)).then().statusCode(200).body("$", empty());
    }

    @Test
    void aBadToolChoiceLeavesTheStoredOneAlone() {
        String employee = uniqueName("emp");
        String mcpId = createConnector(createDefaultConnector());
        asStaff().body(withTools(mcpId, List.of("a"))).post(employeePath(employee)).then().statusCode(201);
        asStaff().body(withTools(mcpId, List.of("a", "a"))).post(employeePath(employee)).then().statusCode(400);
        asStaff().get(employeePath(employee)).then().statusCode(200).body("[0].tools", contains("a"));
    }
}
