package io.connectors.openapi;

import io.connectors.action.OrganizationAction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenAPI document is good enough to generate clients from. */
@QuarkusTest
class OpenApiDocumentTests {

    JsonPath document() {
        return given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200)
                .extract().jsonPath();
    }

    @Test
    void everyOperationHasAUniqueOperationIdATagAndProblemResponses() {
        Map<String, Map<String, Map<String, Object>>> paths = document().getMap("paths");
        List<String> defects = new ArrayList<>();
        Set<String> operationIds = new HashSet<>();
        int[] apiOperations = { 0 };
        paths.forEach((path, operations) -> {
            if (!path.startsWith("/api/")) {
                return;
            }
            operations.forEach((method, raw) -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> operation = raw;
                String where = method.toUpperCase() + " " + path;
                apiOperations[0]++;
                Object id = operation.get("operationId");
                if (id == null) {
                    defects.add(where + ": no operationId");
                } else if (!operationIds.add(id.toString())) {
                    defects.add(where + ": duplicate operationId " + id);
                }
                if (operation.get("tags") == null) {
                    defects.add(where + ": no tag");
                }
                if (operation.get("security") == null) {
                    defects.add(where + ": no security requirement");
                }
                @SuppressWarnings("unchecked")
                Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) operation.get("responses");
                for (String status : List.of("400", "401", "403")) {
                    Map<String, Object> response = responses == null ? null : responses.get(status);
                    if (response == null || !String.valueOf(response.get("content")).contains("application/problem+json")) {
                        defects.add(where + ": " + status + " not documented as a problem");
                    }
                }
            });
        });
        assertEquals(List.of(), defects);
        assertEquals(OrganizationAction.values().length, apiOperations[0], "one operation per organization action");
    }

    @Test
    void everySuccessfulResponseWithABodyNamesItsJsonSchema() {
        Map<String, Map<String, Map<String, Object>>> paths = document().getMap("paths");
        List<String> defects = new ArrayList<>();
        paths.forEach((path, operations) -> {
            if (!path.startsWith("/api/")) {
                return;
            }
            operations.forEach((method, operation) -> {
                @SuppressWarnings("unchecked")
                Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) operation.get("responses");
                if (responses.keySet().stream().noneMatch(status -> status.startsWith("2"))) {
                    defects.add(method.toUpperCase() + " " + path + ": no success response documented");
                }
                responses.forEach((status, response) -> {
                    if (status.startsWith("2") && !status.equals("204")) {
                        Object content = response.get("content");
                        if (!(content instanceof Map<?, ?> media) || !(media.get("application/json") instanceof Map<?, ?> json)
                                || json.get("schema") == null) {
                            defects.add(method.toUpperCase() + " " + path + " " + status + ": no application/json schema");
                        }
                    }
                });
            });
        });
        assertEquals(List.of(), defects);
    }

    @Test
    void everyOrganizationActionIsADocumentedRouteAndNothingElseIs() {
        JsonPath doc = document();
        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        Set<String> actions = new HashSet<>();
        for (OrganizationAction action : OrganizationAction.values()) {
            actions.add(action.method() + " " + OrganizationAction.PREFIX + action.path());
        }
        Set<String> documented = new HashSet<>();
        paths.forEach((path, operations) -> {
            if (path.startsWith("/api/")) {
                operations.keySet().forEach(method -> documented.add(method.toUpperCase() + " " + path));
            }
        });
        assertEquals(actions, documented);
    }

    @Test
    void schemasUseSnakeCaseAndTheBearerScheme() {
        JsonPath doc = document();
        Map<String, Object> connector = doc.getMap("components.schemas.Connector.properties");
        assertTrue(connector.keySet().containsAll(Set.of("organization_id", "oauth_mcp", "created_at", "updated_by")),
                connector.keySet().toString());
        assertEquals(List.of(), connector.keySet().stream().filter(name -> !name.matches("[a-z_]+")).toList());
        assertEquals("http", doc.getString("components.securitySchemes.bearer.type"));
        assertEquals("bearer", doc.getString("components.securitySchemes.bearer.scheme"));
        Map<String, Object> requirement = doc.getMap("paths.'/api/organizations/{orgId}/mcps'.get.security[0]");
        assertEquals(Set.of("bearer"), requirement.keySet());
        assertEquals(Set.of("type", "title", "status", "detail", "instance", "errors"),
                doc.getMap("components.schemas.Problem.properties").keySet());
    }
}
