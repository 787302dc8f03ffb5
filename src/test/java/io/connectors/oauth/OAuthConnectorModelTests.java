package io.connectors.oauth;

import io.connectors.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.connectors.oauth.OAuthSignInSupport.base;
import static io.connectors.oauth.OAuthSignInSupport.createOAuthConnector;
import static io.connectors.testsupport.Api.as;
import static io.connectors.testsupport.Api.uniqueName;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The connector fields of SPEC "OAuth connectors": {@code auth}, {@code credential}, {@code oauth_client} (its
 * secret sealed, masked, bound to the connector's server like a header value) and {@code authorization}.
 */
@QuarkusTest
class OAuthConnectorModelTests {

    private static final String SECRET = "pre-registered-client-secret";
    private static final String URL = "https://mcp.example.com/mcp";

    private String org;
    private String staff;

    @BeforeEach
    void org() {
        org = uniqueName("org-oauth-model");
        staff = Tokens.staff("alice", org);
    }

    private static Map<String, Object> client(String id, String secret, List<String> scopes) {
        Map<String, Object> client = new HashMap<>();
        client.put("client_id", id);
        client.put("client_secret", secret);
        client.put("scopes", scopes);
        return client;
    }

    @Test
    void headersConnectorsSayAuthHeadersAndHaveNoAuthorization() {
        String id = as(staff).body(Map.of("name", uniqueName("plain"), "url", URL)).post(base(org) + "/mcps")
                .then().statusCode(201).extract().path("id");
        as(staff).get(base(org) + "/mcps/mcp/" + id).then().statusCode(200)
                .body("auth", equalTo("headers"))
                .body("credential", nullValue())
                .body("oauth_client", nullValue())
                .body("authorization", nullValue());
    }

    @Test
    void clientSecretIsMaskedInEveryResponse() {
        String name = uniqueName("pre");
        String id = createOAuthConnector(staff, org, name, URL, Map.of("credential", "organization",
                "oauth_client", client("my-client", SECRET, List.of("read", "write"))));
        String single = as(staff).get(base(org) + "/mcps/mcp/" + id).then().statusCode(200)
                .body("credential", equalTo("organization"))
                .body("oauth_client.client_id", equalTo("my-client"))
                .body("oauth_client.client_secret", equalTo("********"))
                .body("oauth_client.scopes", equalTo(List.of("read", "write")))
                .body("authorization.status", equalTo("required"))
                .extract().asString();
        String list = as(staff).get(base(org) + "/mcps").then().statusCode(200)
                .body("find { it.name == '" + name + "' }.oauth_client.client_secret", equalTo("********"))
                .body("find { it.name == '" + name + "' }.authorization.status", equalTo("required"))
                .extract().asString();
        assertFalse(single.contains(SECRET));
        assertFalse(list.contains(SECRET));
    }

    @Test
    void maskKeepsTheSecretOnTheSameServerOnly() {
        String id = createOAuthConnector(staff, org, uniqueName("keep"), URL,
                Map.of("oauth_client", client("my-client", SECRET, null)));
        as(staff).body(Map.of("url", "https://mcp.example.com/v2/mcp",
                        "oauth_client", client("my-client", "********", null)))
                .put(base(org) + "/mcps/mcp/" + id).then().statusCode(200)
                .body("oauth_client.client_secret", equalTo("********"));
        as(staff).body(Map.of("url", "https://attacker.example.net/mcp"))
                .put(base(org) + "/mcps/mcp/" + id).then().statusCode(400)
                .body("errors.field", hasItem("oauth_client.client_secret"));
        as(staff).body(Map.of("url", "https://attacker.example.net/mcp",
                        "oauth_client", client("my-client", "********", null)))
                .put(base(org) + "/mcps/mcp/" + id).then().statusCode(400)
                .body("errors.field", hasItem("oauth_client.client_secret"));
        as(staff).body(Map.of("url", "https://attacker.example.net/mcp",
                        "oauth_client", client("my-client", "a-new-secret", null)))
                .put(base(org) + "/mcps/mcp/" + id).then().statusCode(200);
    }

    @Test
    void anAiTeammateMayNotReplaceOrMoveTheClientSecret() {
        String id = createOAuthConnector(staff, org, uniqueName("ai"), URL,
                Map.of("oauth_client", client("my-client", SECRET, null)));
        String ai = Tokens.ai(org);
        as(ai).body(Map.of("oauth_client", client("my-client", "replaced", null)))
                .put(base(org) + "/mcps/mcp/" + id).then().statusCode(403);
        as(ai).body(Map.of("url", "https://attacker.example.net/mcp"))
                .put(base(org) + "/mcps/mcp/" + id).then().statusCode(403);
        as(ai).body(Map.of("name", uniqueName("renamed"))).put(base(org) + "/mcps/mcp/" + id).then().statusCode(200);
    }

    @Test
    void invalidAuthFieldsAreRejectedWithFieldErrors() {
        as(staff).body(Map.of("name", uniqueName("x"), "url", URL, "credential", "organization"))
                .post(base(org) + "/mcps").then().statusCode(400).body("errors.field", hasItem("credential"));
        as(staff).body(Map.of("name", uniqueName("x"), "url", "https://{{HOST}}/mcp", "auth", "oauth"))
                .post(base(org) + "/mcps").then().statusCode(400).body("errors.field", hasItem("url"))
                .body("errors.message", hasItem(containsString("{{VARIABLE}}")));
        as(staff).body(Map.of("name", uniqueName("x"), "url", URL, "auth", "oauth",
                        "headers", Map.of("Authorization", "Bearer static")))
                .post(base(org) + "/mcps").then().statusCode(400)
                .body("errors.field", hasItem("headers.Authorization"));
        as(staff).body(Map.of("name", uniqueName("x"), "url", URL, "auth", "oauth",
                        "oauth_client", client("bad id", null, List.of("a b"))))
                .post(base(org) + "/mcps").then().statusCode(400)
                .body("errors.field", hasItem("oauth_client.client_id"))
                .body("errors.field", hasItem("oauth_client.scopes"));
        as(staff).body(Map.of("name", uniqueName("x"), "type", "oauth", "oauth_mcp", "gmail", "auth", "oauth"))
                .post(base(org) + "/mcps").then().statusCode(400).body("errors.field", hasItem("auth"));
        as(staff).body(Map.of("name", uniqueName("x"), "url", URL, "auth", "sometimes"))
                .post(base(org) + "/mcps").then().statusCode(400);
    }

    @Test
    void signInRoutesArePeopleOnly() {
        String id = createOAuthConnector(staff, org, uniqueName("people"), URL, Map.of());
        as(Tokens.ai(org)).post(base(org) + "/mcps/mcp/" + id + "/authorization").then().statusCode(403);
        as(Tokens.ai(org)).delete(base(org) + "/mcps/mcp/" + id + "/authorization").then().statusCode(403);
        as(staff).get(base(org) + "/actions").then().statusCode(200)
                .body("find { it.name == 'start_mcp_authorization' }.available_to_ai", equalTo(false))
                .body("find { it.name == 'forget_mcp_authorization' }.available_to_ai", equalTo(false));
    }

    @Test
    void signInOnAHeadersConnectorIsAConflict() {
        String id = as(staff).body(Map.of("name", uniqueName("plain"), "url", URL)).post(base(org) + "/mcps")
                .then().statusCode(201).extract().path("id");
        as(staff).post(base(org) + "/mcps/mcp/" + id + "/authorization").then().statusCode(409)
                .body("detail", containsString("doesn't use OAuth"));
    }

    @Test
    void anotherOrganizationsConnectorIsNotFound() {
        String id = createOAuthConnector(staff, org, uniqueName("mine"), URL, Map.of());
        String other = Tokens.staff("mallory", "org-elsewhere");
        as(other).post("/api/organizations/org-elsewhere/mcps/mcp/" + id + "/authorization").then().statusCode(404);
        as(other).delete("/api/organizations/org-elsewhere/mcps/mcp/" + id + "/authorization").then()
                .statusCode(404);
    }

    @Test
    void switchingBackToHeadersDropsTheClient() {
        String id = createOAuthConnector(staff, org, uniqueName("back"), URL,
                Map.of("oauth_client", client("my-client", SECRET, null)));
        as(staff).body(Map.of("auth", "headers")).put(base(org) + "/mcps/mcp/" + id).then().statusCode(200)
                .body("auth", equalTo("headers"))
                .body("oauth_client", nullValue())
                .body("authorization", nullValue())
                ;
    }
}
