package io.connectors.error;

import io.connectors.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.connectors.testsupport.Api.BASE;
import static io.connectors.testsupport.Api.DEFAULT_URL;
import static io.connectors.testsupport.Api.as;
import static io.connectors.testsupport.Api.asStaff;
import static io.connectors.testsupport.Api.uniqueName;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Input PostgreSQL cannot store (the NUL character) is a 400 naming the parameter or field, never a 500; the
 * connector list's {@code Link} header survives any name.
 */
@QuarkusTest
class UnstorableInputTests {

    private static final String NUL = "\u0000";

    @Test
    void nulInAQueryParameterIsABadRequestNamingIt() {
        String employee = BASE + "/mcps/employee/" + uniqueName("emp");
        rejected(asStaff().urlEncodingEnabled(false).get(BASE + "/mcps?after=a%00b"), "after");
        rejected(asStaff().urlEncodingEnabled(false).get(BASE + "/mcps?limit=%00"), "limit");
        rejected(asStaff().urlEncodingEnabled(false).delete(employee + "?oauth_mcp=%00"), "oauth_mcp");
        rejected(asStaff().urlEncodingEnabled(false).delete(employee + "?mcp_id=x%00"), "mcp_id");
    }

    @Test
    void nulInAPathParameterIsABadRequestNamingIt() {
        rejected(asStaff().urlEncodingEnabled(false).get(BASE + "/mcps/employee/a%00b"), "employee_id");
        rejected(asStaff().urlEncodingEnabled(false).get(BASE + "/mcps/mcp/%00"), "mcp_id");
        rejected(asStaff().urlEncodingEnabled(false).body(Map.of("value", "v"))
                .put(BASE + "/variables/A%00"), "name");
        rejected(asStaff().urlEncodingEnabled(false).delete(BASE + "/integrations/goo%00gle"), "provider");
    }

    @Test
    void nulInAJsonStringFieldIsABadRequestNamingIt() {
        rejected(asStaff().body(Map.of("name", "a" + NUL + "b", "url", DEFAULT_URL)).post(BASE + "/mcps"), "name");
        rejected(asStaff().body(Map.of("name", uniqueName("c"), "url", DEFAULT_URL, "headers", Map.of("X-A", NUL)))
                .post(BASE + "/mcps"), "headers.X-A");
        rejected(asStaff().body(Map.of("access_token", "t", "scopes", List.of("openid", "x" + NUL)))
                .put(BASE + "/integrations/google"), "scopes[1]");
        rejected(asStaff().body(Map.of("oauth_mcp", NUL)).post(BASE + "/mcps/employee/" + uniqueName("emp")),
                "oauth_mcp");
        rejected(asStaff().body(Map.of("value", "v" + NUL)).put(BASE + "/variables/NUL_VALUE"), "value");
    }

    @Test
    void unpairedSurrogateInAJsonStringIsABadRequestNamingIt() {
        // Valid JSON (an escape), but no UTF-8 encoder can write it: PostgreSQL refused it with a 500 before.
        String body = "{\"value\": \"x\\uD800y\"}";
        asStaff().body(body).put(BASE + "/variables/SURROGATE").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("value"))
                .body("errors[0].message", containsString("unpaired surrogate"));
        asStaff().body("{\"name\": \"\\uDC00\", \"url\": \"" + DEFAULT_URL + "\"}").post(BASE + "/mcps")
                .then().statusCode(400).body("errors[0].field", equalTo("name"));
        asStaff().body("{\"name\": \"pair \\uD83D\\uDE00 ok " + uniqueName("s") + "\", \"url\": \"" + DEFAULT_URL
                + "\"}").post(BASE + "/mcps").then().statusCode(201);
    }

    @Test
    void nulInAnActionsArgumentsIsABadRequestNamingIt() {
        rejected(asStaff().body(Map.of("query", Map.of("after", NUL))).post(BASE + "/actions/list_mcps"),
                "query.after");
        rejected(asStaff().body(Map.of("path_params", Map.of("mcp_id", NUL))).post(BASE + "/actions/get_mcp"),
                "path_params.mcp_id");
        rejected(asStaff().body(Map.of("path_params", Map.of("employee_id", "e"), "query", Map.of("oauth_mcp", NUL)))
                .post(BASE + "/actions/unassign_employee_mcp"), "query.oauth_mcp");
        rejected(asStaff().body(Map.of("body", Map.of("name", NUL, "url", DEFAULT_URL)))
                .post(BASE + "/actions/create_mcp"), "body.name");
    }

    @Test
    void followingLinkVisitsEveryConnectorOnceInOrder() {
        String org = uniqueName("paging");
        String token = Tokens.staff("pager", org);
        String base = "/api/organizations/" + org;
        List<String> names = List.of("{x}", "a%41b", "aAb", "a b", "x&y=1", "#", "ü-umlaut", "日本", "a+b", "a/b",
                "?q", "{{x}}", "%", "a;b", "<z>", "\"q\"", "x y z");
        for (String name : names) {
            as(token).body(Map.of("name", name, "url", DEFAULT_URL)).post(base + "/mcps").then().statusCode(201);
        }
        List<String> expected = as(token).get(base + "/mcps").then().statusCode(200).extract().path("name");
        assertEquals(names.size(), expected.size());

        for (int pageSize : new int[] {1, 2, 5}) {
            List<String> seen = new ArrayList<>();
            String next = base + "/mcps?limit=" + pageSize;
            int pages = 0;
            while (next != null && pages++ <= names.size()) {
                var response = as(token).urlEncodingEnabled(false).get(next).then().statusCode(200).extract();
                seen.addAll(response.path("name"));
                next = nextLink(response.header("Link"));
            }
            assertEquals(expected, seen, "page size " + pageSize);
        }
    }

    private static String nextLink(String header) {
        if (header == null) {
            return null;
        }
        Matcher m = Pattern.compile("<([^>]*)>; rel=\"next\"").matcher(header);
        assertEquals(true, m.matches(), header);
        String link = m.group(1);
        assertNotNull(link);
        return link;
    }

    private static void rejected(io.restassured.response.Response response, String field) {
        ValidatableResponse then = response.then();
        then.statusCode(400).contentType("application/problem+json").body("status", equalTo(400))
                .body("errors[0].field", equalTo(field)).body("errors[0].message", containsString("NUL"));
    }
}
