package io.connectors.gateway;

import io.connectors.testsupport.Tokens;
import io.connectors.testsupport.mcp.GatewayClient;
import io.connectors.testsupport.mcp.GatewayUpstream;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;
import java.util.Map;

import static io.connectors.testsupport.Api.as;
import static io.connectors.testsupport.Api.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway as production runs it, with no allow list: an upstream on loopback is refused by the egress guard,
 * so the teammate's list has none of its tools, a call is an error result worded generically, and the upstream
 * never sees a request.
 */
@QuarkusTest
@TestProfile(GatewayRefusalTests.NoAllowList.class)
class GatewayRefusalTests {

    public static class NoAllowList implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("connectors.egress.allow", "");
        }
    }

    @TestHTTPResource("/")
    URL service;

    @Test
    void anUpstreamTheGuardRefusesIsNeverDialed() {
        String org = uniqueName("org-gw-refused");
        String employee = uniqueName("emp");
        String staff = Tokens.staff("alice", org);
        try (GatewayUpstream upstream = GatewayUpstream.builder().start()) {
            String id = as(staff).body(Map.of("name", "Internal", "url", upstream.url()))
                    .post("/api/organizations/" + org + "/mcps").then().statusCode(201).extract().path("id");
            as(staff).body(Map.of("mcp_id", id)).post("/api/organizations/" + org + "/mcps/employee/" + employee)
                    .then().statusCode(201);
            try (McpSyncClient client = GatewayClient.connect(service, org, employee, Tokens.runtime(org))) {
                assertEquals(List.of(), client.listTools().tools());
                McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("internal__search",
                        Map.of("query", "q")));
                assertEquals(Boolean.TRUE, result.isError());
                assertEquals("Cannot connect to 127.0.0.1:" + upstream.port() + ": the name does not resolve or the "
                        + "address is not reachable from this service",
                        ((McpSchema.TextContent) result.content().get(0)).text());
            }
            assertEquals(List.of(), upstream.seenHeaders(), "nothing reached the upstream");
            Response calls = null;
            for (int i = 0; i < 50; i++) {
                calls = as(staff).get("/api/organizations/" + org + "/mcps/employee/" + employee + "/calls");
                if (Integer.valueOf(1).equals(calls.path("size()"))) {
                    break;
                }
                sleep();
            }
            assertEquals("refused", calls.path("[0].outcome"));
            assertEquals("runtime", calls.path("[0].actor"));
            assertTrue(((String) calls.path("[0].error")).startsWith("Cannot connect to 127.0.0.1:"));
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
