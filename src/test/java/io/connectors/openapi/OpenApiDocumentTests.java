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
        paths.forEach((path, operations) -> {
            if (!path.startsWith("/api/")) {
                return;
            }
            operations.forEach((method, raw) -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> operation = raw;
                String where = method.toUpperCase() + " " + path;
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
    void everyOrganizationActionIsADocumentedRoute() {
        JsonPath doc = document();
        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        List<String> undocumented = new ArrayList<>();
        for (OrganizationAction action : OrganizationAction.values()) {
            String path = OrganizationAction.PREFIX + action.path();
            Map<String, Object> item = paths.get(path);
            if (item == null || !item.containsKey(action.method().toLowerCase())) {
                undocumented.add(action.method() + " " + path);
            }
        }
        assertEquals(List.of(), undocumented);
    }

    @Test
    void schemasUseSnakeCaseAndTheBearerScheme() {
        JsonPath doc = document();
        Map<String, Object> connector = doc.getMap("components.schemas.Connector.properties");
        assertTrue(connector.containsKey("organization_id"), connector.keySet().toString());
        assertTrue(connector.containsKey("created_at"), connector.keySet().toString());
        Map<String, Object> schemes = doc.getMap("components.securitySchemes");
        assertTrue(schemes.toString().contains("bearer"), schemes.toString());
        assertTrue(doc.getMap("components.schemas").containsKey("Problem"));
    }
}
