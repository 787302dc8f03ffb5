package io.connectors.oauth;

import io.connectors.config.LocalSigningKey;
import io.connectors.testsupport.Tokens;
import io.connectors.testsupport.mcp.GatewayClient;
import io.connectors.testsupport.oauth.ProtectedMcpServer;
import io.connectors.testsupport.oauth.TestAuthorizationServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;
import java.util.Map;

import static io.connectors.oauth.OAuthSignInSupport.base;
import static io.connectors.oauth.OAuthSignInSupport.createOAuthConnector;
import static io.connectors.oauth.OAuthSignInSupport.signIn;
import static io.connectors.testsupport.Api.as;
import static io.connectors.testsupport.Api.uniqueName;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An OAuth connector through the teammate gateway: the teammate's MCP client uses the signed-in tools with the
 * grant of the person who enabled them, never sees the token, and a server that challenges only at the call
 * (insufficient_scope) gets the same explanation and recorded scopes as in the tester.
 */
@QuarkusTest
class OAuthGatewayTests {

    @TestHTTPResource("/")
    URL service;

    private String org;
    private String employee;
    private String alice;
    private TestAuthorizationServer authorizationServer;
    private ProtectedMcpServer server;

    @BeforeEach
    void servers() {
        org = uniqueName("org-oauth-gw");
        employee = uniqueName("emp");
        alice = Tokens.staff("alice", org);
        authorizationServer = TestAuthorizationServer.start();
        server = ProtectedMcpServer.start(authorizationServer);
    }

    @AfterEach
    void stop() {
        server.close();
        authorizationServer.close();
    }

    private McpSyncClient teammateClient() {
        String token = Tokens.builder(employee, org).claim("actor", "ai").sign(LocalSigningKey.privateKey());
        return GatewayClient.connect(service, org, employee, token);
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    @Test
    void aTeammateCallsASignedInServerWithTheGrantOfWhoEnabledIt() {
        String id = createOAuthConnector(alice, org, "Tracker", server.url(), Map.of());
        signIn(alice, org, id);
        as(alice).body(Map.of("mcp_id", id)).post(base(org) + "/mcps/employee/" + employee).then().statusCode(201);
        try (McpSyncClient client = teammateClient()) {
            List<String> names = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
            assertEquals(List.of("tracker__secured-1", "tracker__secured-2"), names);
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("tracker__secured-1",
                    Map.of()));
            assertFalse(Boolean.TRUE.equals(result.isError()), text(result));
            assertEquals("ok", text(result));
        }
        String issued = authorizationServer.issuedAccessTokens().get(0);
        assertTrue(server.bearerTokens().contains(issued), "alice's token reached the server");
    }

    @Test
    void aServerThatChallengesOnlyAtTheCallAsksForTheNamedScopes() {
        String id = createOAuthConnector(alice, org, "Scoped", server.url(), Map.of());
        signIn(alice, org, id);
        as(alice).body(Map.of("mcp_id", id)).post(base(org) + "/mcps/employee/" + employee).then().statusCode(201);
        try (McpSyncClient client = teammateClient()) {
            assertEquals(2, client.listTools().tools().size());
            // From now on the server wants a scope the grant lacks; the teammate's list is still cached.
            server.requireScope("write");
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("scoped__secured-1",
                    Map.of()));
            assertTrue(Boolean.TRUE.equals(result.isError()));
            assertTrue(text(result).contains("(write)") && text(result).contains("sign in again"), text(result));
            String issued = authorizationServer.issuedAccessTokens().get(0);
            assertFalse(text(result).contains(issued), "no token in the error");
        }
        as(alice).get(base(org) + "/mcps/mcp/" + id).then()
                .body("authorization.status", equalTo("required"))
                .body("authorization.scopes", hasItem("write"));
    }
}
