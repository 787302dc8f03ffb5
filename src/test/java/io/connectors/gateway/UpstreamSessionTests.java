package io.connectors.gateway;

import io.connectors.egress.EgressHttpClient;
import io.connectors.gateway.service.CacheInvalidation;
import io.connectors.testsupport.Tokens;
import io.connectors.testsupport.mcp.GatewayClient;
import io.connectors.testsupport.mcp.GatewaySettings;
import io.connectors.testsupport.mcp.GatewayUpstream;
import io.connectors.testsupport.mcp.OAuthMcpServers;
import io.connectors.testsupport.mcp.TestMcpServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.connectors.testsupport.Api.as;
import static io.connectors.testsupport.Api.uniqueName;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.oneOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway holds its MCP sessions with upstream servers open between calls: what a user of a connector would
 * notice of that (one handshake, not one per call; a restarted server still answers; a changed tool list is seen at
 * once; nothing of the service's own leaves with a request; organizations never share a session).
 */
@QuarkusTest
@QuarkusTestResource(OAuthMcpServers.class)
@QuarkusTestResource(GatewaySettings.class)
class UpstreamSessionTests {

    @TestHTTPResource("/")
    URL service;

    @Inject
    CacheInvalidation invalidation;

    private final String org = uniqueName("org-us");
    private final String employee = uniqueName("emp");

    private String staff(String organization) {
        return Tokens.staff("alice", organization);
    }

    private String teammate(String organization, String teammate) {
        return Tokens.builder(teammate, organization).claim("actor", "ai")
                .sign(io.connectors.config.LocalSigningKey.privateKey());
    }

    private void enable(String organization, String teammate, String name, String url, Map<String, String> headers) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("url", url);
        if (headers != null) {
            body.put("headers", headers);
        }
        String id = as(staff(organization)).body(body).post("/api/organizations/" + organization + "/mcps")
                .then().statusCode(201).extract().path("id");
        as(staff(organization)).body(Map.of("mcp_id", id))
                .post("/api/organizations/" + organization + "/mcps/employee/" + teammate)
                .then().statusCode(oneOf(200, 201));
    }

    private McpSyncClient client(String organization, String teammate) {
        return GatewayClient.connect(service, organization, teammate, teammate(organization, teammate));
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    private static McpSchema.CallToolResult search(McpSyncClient client, String tool, String query) {
        return client.callTool(new McpSchema.CallToolRequest(tool, Map.of("query", query)));
    }

    @Test
    void callsShareOneUpstreamSessionAndNothingOfTheServiceLeavesWithThem() {
        try (GatewayUpstream upstream = GatewayUpstream.builder().start()) {
            enable(org, employee, "Held", upstream.url(), Map.of("X-Api-Key", "key-1"));
            try (McpSyncClient client = client(org, employee)) {
                client.listTools();
                for (int i = 0; i < 5; i++) {
                    assertEquals("found q" + i, text(search(client, "held__search", "q" + i)));
                }
            }
            assertEquals(5, upstream.calls());
            assertEquals(1, upstream.sessions(), "one upstream session for the list and five calls");
            assertEquals(0, upstream.deletes(), "the session stays open for the next call");
            for (Map<String, String> headers : upstream.seenHeaders()) {
                assertFalse(headers.containsKey(EgressHttpClient.SCOPE_HEADER.toLowerCase(Locale.ROOT)),
                        "the scope header is the service's own: " + headers.keySet());
                assertFalse(headers.keySet().stream().anyMatch(h -> h.startsWith("proxy-")), headers.keySet().toString());
                assertEquals("key-1", headers.get("x-api-key"));
            }
        }
    }

    @Test
    void theTeammateTabListsFromTheGatewaysCache() throws Exception {
        try (TestMcpServer upstream = TestMcpServer.streamable().tools(3).start()) {
            enable(org, employee, "Listed", upstream.url(), null);
            awaitListening();
            try (McpSyncClient client = client(org, employee)) {
                assertEquals(List.of("listed__tool-1", "listed__tool-2", "listed__tool-3"), names(client));
            }
            assertEquals(1, upstream.toolListCalls());
            as(staff(org)).get("/api/organizations/" + org + "/mcps/employee/" + employee + "/tools")
                    .then().statusCode(200)
                    .body("success", equalTo(true))
                    .body("toolsets[0].name", equalTo("Listed"))
                    .body("toolsets[0].tools.name", contains("tool-1", "tool-2", "tool-3"));
            assertEquals(1, upstream.toolListCalls(), "the tab's list came from the gateway's cache");
        }
    }

    @Test
    void aLegacySseServerIsListedAndCalledOnSessionsOfItsOwn() {
        try (TestMcpServer legacy = TestMcpServer.sse().tools(2).start()) {
            enable(org, employee, "Old", legacy.url(), null);
            try (McpSyncClient client = client(org, employee)) {
                assertEquals(List.of("old__tool-1", "old__tool-2"), names(client));
                for (int i = 0; i < 3; i++) {
                    McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("old__tool-2",
                            Map.of()));
                    assertFalse(Boolean.TRUE.equals(result.isError()), text(result));
                    assertEquals("ok", text(result));
                }
            }
        }
    }

    @Test
    void aChangedVariableIsSentOnTheVeryNextCall() {
        try (GatewayUpstream upstream = GatewayUpstream.builder().start()) {
            as(staff(org)).body(Map.of("value", "first", "secret", false))
                    .put("/api/organizations/" + org + "/variables/US_KEY").then().statusCode(201);
            enable(org, employee, "Keyed", upstream.url(), Map.of("X-Api-Key", "{{US_KEY}}"));
            try (McpSyncClient client = client(org, employee)) {
                assertEquals("found 1", text(search(client, "keyed__search", "1")));
                as(staff(org)).body(Map.of("value", "second", "secret", false))
                        .put("/api/organizations/" + org + "/variables/US_KEY").then().statusCode(200);
                // No waiting: what the gateway keeps in memory is stamped with the organization's generation.
                assertEquals("found 2", text(search(client, "keyed__search", "2")));
            }
            List<Map<String, String>> seen = upstream.seenHeaders();
            assertEquals("second", seen.get(seen.size() - 1).get("x-api-key"));
            assertEquals(2, upstream.sessions(), "a new key is a new upstream session");
        }
    }

    @Test
    void aServerThatForgotTheSessionGetsTheCallOnceOnANewOne() {
        try (GatewayUpstream upstream = GatewayUpstream.builder().start()) {
            enable(org, employee, "Restarted", upstream.url(), null);
            try (McpSyncClient client = client(org, employee)) {
                assertEquals("found before", text(search(client, "restarted__search", "before")));
                upstream.forgetSessions();
                McpSchema.CallToolResult after = search(client, "restarted__search", "after");
                assertFalse(Boolean.TRUE.equals(after.isError()), text(after));
                assertEquals("found after", text(after));
            }
            assertEquals(List.of(Map.of("query", "before"), Map.of("query", "after")), upstream.seenArguments(),
                    "the refused call reached the tool once, on the new session");
            assertTrue(upstream.sessions() >= 2, "a new session after the old one was refused");
        }
    }

    @Test
    void aToolListChangeAnnouncedOnTheHeldSessionIsSeenOnTheNextList() throws Exception {
        try (GatewayUpstream upstream = GatewayUpstream.builder().start()) {
            enable(org, employee, "Growing", upstream.url(), null);
            awaitListening(); // else the list is not cached, and this would test nothing
            try (McpSyncClient client = client(org, employee)) {
                assertFalse(names(client).contains("growing__added"));
                upstream.addTool("added"); // announced to open sessions; nothing changes in the database
                boolean seen = false;
                for (int i = 0; i < 50 && !seen; i++) {
                    seen = names(client).contains("growing__added");
                    if (!seen) {
                        Thread.sleep(100);
                    }
                }
                assertTrue(seen, "the cached list was dropped when the upstream announced its change");
            }
        }
    }

    @Test
    void aServerFloodingItsEventStreamLosesItsSessionAndTheNextCallStillWorks() throws Exception {
        try (GatewayUpstream upstream = GatewayUpstream.builder().start()) {
            enable(org, employee, "Flood", upstream.url(), null);
            try (McpSyncClient client = client(org, employee)) {
                assertEquals("found a", text(search(client, "flood__search", "a")));
                for (int i = 0; i < 50 && upstream.streams() == 0; i++) {
                    Thread.sleep(50);
                }
                assertEquals(1, upstream.streams(), "the held session listens on its event stream");
                // Each message is under the 64 KiB cap; together they pass the session's 4 x 64 KiB outside calls.
                upstream.flood(10, 40_000);
                for (int i = 0; i < 50 && upstream.deletes() == 0; i++) {
                    Thread.sleep(100);
                }
                assertEquals(1, upstream.deletes(), "the flooded session was retired and closed");
                assertEquals("found b", text(search(client, "flood__search", "b")));
            }
            assertEquals(2, upstream.sessions());
        }
    }

    @Test
    void aResultOverTheCapFailsOnlyItsOwnCall() {
        try (GatewayUpstream upstream = GatewayUpstream.builder().bigBytes(100_000).start()) {
            enable(org, employee, "Mixed", upstream.url(), null);
            try (McpSyncClient client = client(org, employee)) {
                assertEquals("found a", text(search(client, "mixed__search", "a")));
                McpSchema.CallToolResult big = client.callTool(new McpSchema.CallToolRequest("mixed__big", Map.of()));
                assertEquals(Boolean.TRUE, big.isError());
                assertTrue(text(big).contains("65536"), text(big));
                assertEquals("found b", text(search(client, "mixed__search", "b")));
            }
        }
    }

    @Test
    void organizationsNeverShareASessionEvenWithTheSameServerAndHeaders() {
        String otherOrg = uniqueName("org-us2");
        String otherEmployee = uniqueName("emp");
        try (GatewayUpstream upstream = GatewayUpstream.builder().start()) {
            enable(org, employee, "Shared", upstream.url(), Map.of("X-Api-Key", "same"));
            enable(otherOrg, otherEmployee, "Shared", upstream.url(), Map.of("X-Api-Key", "same"));
            try (McpSyncClient first = client(org, employee); McpSyncClient second = client(otherOrg, otherEmployee)) {
                assertEquals("found 1", text(search(first, "shared__search", "1")));
                assertEquals("found 2", text(search(second, "shared__search", "2")));
            }
            assertEquals(2, upstream.sessions());
        }
    }

    @Test
    void aChangeInTheOrganizationClosesItsHeldSessions() throws Exception {
        try (GatewayUpstream upstream = GatewayUpstream.builder().start()) {
            enable(org, employee, "Closing", upstream.url(), Map.of("X-Api-Key", "old"));
            awaitListening();
            try (McpSyncClient client = client(org, employee)) {
                assertEquals("found x", text(search(client, "closing__search", "x")));
            }
            assertEquals(0, upstream.deletes());
            // Any change the organization makes (here: a variable) is announced through PostgreSQL.
            as(staff(org)).body(Map.of("value", "v", "secret", false))
                    .put("/api/organizations/" + org + "/variables/UNUSED").then().statusCode(201);
            for (int i = 0; i < 50 && upstream.deletes() == 0; i++) {
                Thread.sleep(100);
            }
            assertEquals(1, upstream.deletes(), "the held session was ended with a DELETE");
        }
    }

    private void awaitListening() throws InterruptedException {
        for (int i = 0; i < 100 && !invalidation.listening(); i++) {
            Thread.sleep(100);
        }
        assertTrue(invalidation.listening(), "the cache channel is subscribed");
    }

    private static List<String> names(McpSyncClient client) {
        return client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
    }
}
