package io.connectors.assignment;

import io.connectors.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
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
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

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
        asStaff().body(Map.of("oauth_mcp", "gmail")).post(employeePath(employee)).then().statusCode(200);
        asStaff().body(Map.of("oauth_mcp", "google_drive")).post(employeePath(employee)).then().statusCode(201);
        asStaff().get(employeePath(employee)).then().statusCode(200)
                .body("oauth_mcp", containsInAnyOrder("gmail", "google_drive"));
        asStaff().body(Map.of("oauth_mcp", "dropbox")).post(employeePath(employee))
                .then().statusCode(400).body("errors[0].field", equalTo("oauth_mcp"));
    }

    @Test
    void exactlyOneTargetIsRequired() {
        String employee = uniqueName("emp");
        String mcpId = createConnector(createDefaultConnector());
        asStaff().body(Map.of("mcp_id", mcpId, "oauth_mcp", "gmail")).post(employeePath(employee))
                .then().statusCode(400).contentType("application/problem+json");
        asStaff().body(Map.of()).post(employeePath(employee)).then().statusCode(400);
        asStaff().delete(employeePath(employee)).then().statusCode(400);
        asStaff().queryParam("mcp_id", mcpId).queryParam("oauth_mcp", "gmail").delete(employeePath(employee))
                .then().statusCode(400);
    }

    @Test
    void unknownOrForeignConnectorCannotBeAssigned() {
        String employee = uniqueName("emp");
        asStaff().body(Map.of("mcp_id", UUID.randomUUID().toString())).post(employeePath(employee))
                .then().statusCode(404);
        asStaff().body(Map.of("mcp_id", "not-a-uuid")).post(employeePath(employee)).then().statusCode(404);
        String otherOrgConnector = as(Tokens.staff("user-b", "org-b"))
                .body(createDefaultConnector()).post("/api/organizations/org-b/mcps")
                .then().statusCode(201).extract().path("id");
        asStaff().body(Map.of("mcp_id", otherOrgConnector)).post(employeePath(employee)).then().statusCode(404);
        asStaff().get(employeePath(employee)).then().body("$", empty());
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
        as(Tokens.staff("user-b", "org-b")).get(employeePath(employee)).then().statusCode(403);
    }

    @Test
    void invalidTeammateIdIsRejected() {
        asStaff().get(BASE + "/mcps/employee/" + "x".repeat(65)).then().statusCode(400)
                .body("errors[0].field", equalTo("employee_id"));
    }

    @Test
    void aiTeammateMayManageAssignments() {
        String employee = uniqueName("emp");
        String mcpId = createConnector(createDefaultConnector());
        String ai = Tokens.ai("org-a");
        as(ai).body(Map.of("mcp_id", mcpId)).post(employeePath(employee)).then().statusCode(201);
        as(ai).get(employeePath(employee)).then().statusCode(200).body("$", hasSize(1));
        as(ai).queryParam("mcp_id", mcpId).delete(employeePath(employee)).then().statusCode(204);
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
}
