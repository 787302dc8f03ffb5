package io.connectors.action;

import io.connectors.action.service.ActionDispatcher;
import io.connectors.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.connectors.testsupport.Api.BASE;
import static io.connectors.testsupport.Api.as;
import static io.connectors.testsupport.Api.asStaff;
import static io.connectors.testsupport.Api.createConnector;
import static io.connectors.testsupport.Api.createDefaultConnector;
import static io.connectors.testsupport.Api.uniqueName;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class ActionResourceTests {

    @Inject
    ActionDispatcher dispatcher;

    @Test
    void catalogListsEveryActionWithItsAiAvailability() {
        asStaff().get(BASE + "/actions").then().statusCode(200)
                .body("find { it.name == 'delete_mcp' }.available_to_ai", equalTo(false))
                .body("find { it.name == 'delete_mcp' }.method", equalTo("DELETE"))
                .body("find { it.name == 'delete_mcp' }.path", equalTo("/mcps/mcp/{mcp_id}"))
                .body("find { it.name == 'list_mcps' }.available_to_ai", equalTo(true))
                .body("find { it.name == 'create_mcp' }.available_to_ai", equalTo(true))
                .body("find { it.name == 'test_mcp' }.available_to_ai", equalTo(true))
                .body("find { it.name == 'put_variable' }.available_to_ai", equalTo(false))
                .body("find { it.name == 'get_employee_runtime' }.available_to_ai", equalTo(false))
                .body("name", not(hasItem("run_action")));
        as(Tokens.ai("org-a")).get(BASE + "/actions").then().statusCode(200);
    }

    @Test
    void everyDispatchableActionHasAHandler() {
        Set<OrganizationAction> expected = Arrays.stream(OrganizationAction.values())
                .filter(OrganizationAction::dispatchable).collect(Collectors.toSet());
        Set<OrganizationAction> missing = expected.stream()
                .filter(a -> !dispatcher.handlers().containsKey(a)).collect(Collectors.toSet());
        assertEquals(Set.of(), missing);
    }

    @Test
    void runningAnActionAnswersLikeItsRoute() {
        Map<String, Object> body = createDefaultConnector();
        String id = asStaff().body(Map.of("body", body)).post(BASE + "/actions/create_mcp")
                .then().statusCode(201).body("name", equalTo(body.get("name")))
                .header("Location", containsString("/mcps/mcp/"))
                .extract().path("id");
        asStaff().body(Map.of("path_params", Map.of("mcp_id", id))).post(BASE + "/actions/get_mcp")
                .then().statusCode(200).body("id", equalTo(id));
        asStaff().body(Map.of("body", body)).post(BASE + "/actions/create_mcp").then().statusCode(409);
        asStaff().body(Map.of("body", Map.of("name", "x", "url", "ftp://nope"))).post(BASE + "/actions/create_mcp")
                .then().statusCode(400).body("errors[0].field", equalTo("url"));
        asStaff().body(Map.of("body", Map.of("name", 5, "url", Map.of()))).post(BASE + "/actions/create_mcp")
                .then().statusCode(400).contentType("application/problem+json");
        asStaff().body(Map.of("query", Map.of("limit", "1"))).post(BASE + "/actions/list_mcps")
                .then().statusCode(200).body("size()", equalTo(1));
    }

    @Test
    void assignmentActionsTakePathParamsQueryAndBody() {
        String employee = uniqueName("emp");
        String id = createConnector(createDefaultConnector());
        String ai = Tokens.ai("org-a");
        as(ai).body(Map.of("path_params", Map.of("employee_id", employee), "body", Map.of("mcp_id", id)))
                .post(BASE + "/actions/assign_employee_mcp").then().statusCode(201);
        as(ai).body(Map.of("path_params", Map.of("employee_id", employee), "body", Map.of("mcp_id", id)))
                .post(BASE + "/actions/assign_employee_mcp").then().statusCode(200);
        as(ai).body(Map.of("path_params", Map.of("employee_id", employee), "query", Map.of("mcp_id", id)))
                .post(BASE + "/actions/unassign_employee_mcp").then().statusCode(204);
        as(ai).body(Map.of("path_params", Map.of("employee_id", employee)))
                .post(BASE + "/actions/list_employee_mcps").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void aiTeammateCannotRunHumanOnlyActions() {
        String id = createConnector(createDefaultConnector());
        as(Tokens.ai("org-a")).body(Map.of("path_params", Map.of("mcp_id", id))).post(BASE + "/actions/delete_mcp")
                .then().statusCode(403).body("detail", containsString("delete_mcp"));
        asStaff().get(BASE + "/mcps/mcp/" + id).then().statusCode(200);
        as(Tokens.ai("org-a")).body(Map.of("path_params", Map.of("name", "X"), "body", Map.of("value", "v")))
                .post(BASE + "/actions/put_variable").then().statusCode(403);
        asStaff().body(Map.of("path_params", Map.of("mcp_id", id))).post(BASE + "/actions/delete_mcp")
                .then().statusCode(204);
    }

    @Test
    void aiActorInAnotherCaseOrAsAnArrayCannotRunHumanOnlyActions() {
        for (Object actor : java.util.List.of(java.util.List.of("ai"), "AI", java.util.List.of("staff", "Ai"))) {
            String id = createConnector(createDefaultConnector());
            String token = Tokens.builder("teammate-1", "org-a").claim("actor", actor)
                    .sign(io.connectors.config.LocalSigningKey.privateKey());
            as(token).body(Map.of("path_params", Map.of("mcp_id", id))).post(BASE + "/actions/delete_mcp")
                    .then().statusCode(403).body("detail", containsString("delete_mcp"));
            asStaff().get(BASE + "/mcps/mcp/" + id).then().statusCode(200);
        }
    }

    @Test
    void staffTokenWithTheRuntimeScopeCannotRunTheRuntimeAction() {
        String staffWithScope = Tokens.builder(Tokens.DEFAULT_USER, "org-a").claim("scope", "connectors.runtime")
                .sign(io.connectors.config.LocalSigningKey.privateKey());
        Map<String, Object> run = Map.of("path_params", Map.of("employee_id", uniqueName("emp")));
        as(staffWithScope).body(run).post(BASE + "/actions/get_employee_runtime").then().statusCode(403);
        as(Tokens.runtime("org-a")).body(run).post(BASE + "/actions/get_employee_runtime").then().statusCode(200);
    }

    @Test
    void missingArgumentsAndUnknownActionsAreReported() {
        asStaff().body(Map.of()).post(BASE + "/actions/get_mcp").then().statusCode(400)
                .body("errors[0].field", equalTo("path_params.mcp_id"));
        asStaff().body(Map.of()).post(BASE + "/actions/create_mcp").then().statusCode(400)
                .body("errors[0].field", equalTo("body"));
        asStaff().body(Map.of()).post(BASE + "/actions/launch_rockets").then().statusCode(404);
        asStaff().body(Map.of()).post(BASE + "/actions/run_action").then().statusCode(404);
    }

    @Test
    void actionsRunOnlyInTheCallersOrganization() {
        as(Tokens.staff("u", "org-b")).body(Map.of()).post(BASE + "/actions/list_mcps").then().statusCode(403);
    }
}
