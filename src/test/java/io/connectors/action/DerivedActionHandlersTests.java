package io.connectors.action;

import io.connectors.action.service.ActionDispatcher;
import io.connectors.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.connectors.testsupport.Api.BASE;
import static io.connectors.testsupport.Api.as;
import static io.connectors.testsupport.Api.asStaff;
import static io.connectors.testsupport.Api.createConnector;
import static io.connectors.testsupport.Api.createDefaultConnector;
import static io.connectors.testsupport.Api.uniqueName;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code POST /actions/{name}} runs the resource method named by each {@code @ActionRoute}, with its arguments
 * bound from {@code path_params}, {@code query} and {@code body} by the parameters' annotations: every action has
 * such a handler, and the bindings answer as the hand-written tables they replace did.
 */
@QuarkusTest
class DerivedActionHandlersTests {

    private static final Pattern PATH_PARAM = Pattern.compile("\\{([a-z_]+)}");

    @Inject
    ActionDispatcher dispatcher;

    @Test
    void everyDispatchableActionHasADerivedHandlerAndNoOtherDoes() {
        Set<OrganizationAction> dispatchable = Arrays.stream(OrganizationAction.values())
                .filter(OrganizationAction::dispatchable).collect(Collectors.toSet());
        assertEquals(dispatchable, dispatcher.handlers().keySet());
    }

    @Test
    void everyActionWithAPathParameterRequiresIt() {
        for (OrganizationAction action : dispatcher.handlers().keySet()) {
            Matcher first = PATH_PARAM.matcher(action.path());
            if (!first.find()) {
                continue;
            }
            String token = action.audience() == OrganizationAction.Audience.RUNTIME
                    ? Tokens.runtime("org-a") : Tokens.staff();
            as(token).body(Map.of("body", Map.of())).post(BASE + "/actions/" + action.actionName())
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("path_params." + first.group(1)))
                    .body("errors[0].message", equalTo("is required by this action"));
        }
    }

    @Test
    void aLimitThatIsNotAWholeNumberIsA400NamingIt() {
        asStaff().body(Map.of("query", Map.of("limit", "ten"))).post(BASE + "/actions/list_mcps")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("query.limit"))
                .body("errors[0].message", equalTo("must be a whole number"));
        asStaff().body(Map.of("query", Map.of("limit", "1.5"))).post(BASE + "/actions/list_mcps")
                .then().statusCode(400).body("errors[0].field", equalTo("query.limit"));
    }

    @Test
    void aMissingBodyIsA400ExceptWhereTheRouteReadsItsOwn() {
        asStaff().body(Map.of("path_params", Map.of("mcp_id", "x"))).post(BASE + "/actions/update_mcp")
                .then().statusCode(400).body("errors[0].field", equalTo("body"))
                .body("errors[0].message", equalTo("is required by this action"));
        String employee = uniqueName("emp");
        String id = createConnector(createDefaultConnector());
        asStaff().body(Map.of("path_params", Map.of("employee_id", employee), "body", Map.of("mcp_id", id)))
                .post(BASE + "/actions/assign_employee_mcp").then().statusCode(201);
        asStaff().body(Map.of("path_params", Map.of("employee_id", employee), "body", Map.of("mcp_id", id)))
                .post(BASE + "/actions/unassign_employee_mcp").then().statusCode(204);
        asStaff().body(Map.of("path_params", Map.of("employee_id", employee)))
                .post(BASE + "/actions/list_employee_mcps").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void updateWithoutIfMatchIsUnconditional() {
        Map<String, Object> body = createDefaultConnector();
        String id = createConnector(body);
        String renamed = uniqueName("renamed");
        Map<String, Object> update = new java.util.HashMap<>(body);
        update.put("name", renamed);
        asStaff().body(Map.of("path_params", Map.of("mcp_id", id), "body", update))
                .post(BASE + "/actions/update_mcp").then().statusCode(200).body("name", equalTo(renamed));
    }
}
