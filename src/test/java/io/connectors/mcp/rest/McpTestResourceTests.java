package io.connectors.mcp.rest;

import io.connectors.mcp.egress.Egress;
import io.connectors.testsupport.Tokens;
import io.connectors.testsupport.mcp.OAuthMcpServers;
import io.connectors.testsupport.mcp.TestMcpServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.connectors.testsupport.Api.as;
import static io.connectors.testsupport.Api.uniqueName;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /mcps/test}, the teammate tools view and the runtime view, against real MCP servers on 127.0.0.1.
 * The test profile sets the deadlines to connect 3 s and total 5 s ({@link OAuthMcpServers}).
 */
@QuarkusTest
@QuarkusTestResource(OAuthMcpServers.class)
class McpTestResourceTests {

    private static final List<String> GOOGLE_SCOPES = List.of("https://www.googleapis.com/auth/gmail.modify",
            "https://www.googleapis.com/auth/calendar", "https://www.googleapis.com/auth/drive");
    private static boolean warmedUp;

    @Inject
    Egress egress;

    private String org;
    private String alice;
    private String base;

    @BeforeEach
    void newOrganization() {
        org = uniqueName("org-mcp");
        alice = Tokens.staff("alice", org);
        base = "/api/organizations/" + org;
        if (!warmedUp) {
            // The first MCP session of a JVM loads the SDK (about 2 s): keep that out of the deadline assertions.
            try (TestMcpServer server = TestMcpServer.streamable().start()) {
                test(Map.of("mcp_id", connector(server.url(), Map.of())));
            }
            warmedUp = true;
        }
    }

    private String connector(String url, Map<String, String> headers) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", uniqueName("server"));
        body.put("url", url);
        body.put("headers", headers);
        return as(alice).body(body).post(base + "/mcps").then().statusCode(201).extract().path("id");
    }

    private String connectorNamed(String name, String url) {
        return as(alice).body(Map.of("name", name, "url", url)).post(base + "/mcps").then().statusCode(201)
                .extract().path("id");
    }

    private ValidatableResponse test(Map<String, Object> body) {
        return as(alice).body(body).post(base + "/mcps/test").then().statusCode(200);
    }

    private void variable(String name, String value, boolean secret) {
        as(alice).body(Map.of("value", value, "secret", secret)).put(base + "/variables/" + name).then()
                .statusCode(201);
    }

    private void connectGoogle(String token, String accessToken, String refreshToken, int expiresIn) {
        as(token).body(Map.of("access_token", accessToken, "refresh_token", refreshToken, "expires_in", expiresIn,
                "scopes", GOOGLE_SCOPES)).put(base + "/integrations/google").then().statusCode(200);
    }

    // --- simple connectors -------------------------------------------------------------------------------

    @Test
    void simpleConnectorIsListedWithVariablesInjected() {
        try (TestMcpServer server = TestMcpServer.streamable().tools(3).requireHeader("X-Api-Key", "s3cret")
                .start()) {
            variable("API_KEY", "s3cret", true);
            variable("MCP_PATH", "mcp", false);
            String name = uniqueName("injected");
            Map<String, Object> body = new HashMap<>(Map.of("name", name,
                    "url", "http://127.0.0.1:" + server.port() + "/{{MCP_PATH}}",
                    "headers", Map.of("X-Api-Key", "{{API_KEY}}")));
            String id = as(alice).body(body).post(base + "/mcps").then().statusCode(201).extract().path("id");
            test(Map.of("mcp_id", id))
                    .body("success", equalTo(true))
                    .body("error", nullValue())
                    .body("tool_count", equalTo(3))
                    .body("toolsets.size()", equalTo(1))
                    .body("toolsets[0].name", equalTo(name))
                    .body("toolsets[0].tool_count", equalTo(3))
                    .body("toolsets[0].error", nullValue())
                    .body("toolsets[0].tools.name", equalTo(List.of("tool-1", "tool-2", "tool-3")))
                    .body("toolsets[0].tools[0].description", equalTo("Test tool 1"))
                    .body("duration_ms", greaterThanOrEqualTo(0));
            assertEquals("connectors", server.clientInfo().path("name").asText());
            assertEquals("s3cret", server.seenHeaders().get(0).get("x-api-key"));
        }
    }

    @Test
    void unknownVariableIsNamedAndNothingIsCalled() {
        try (TestMcpServer server = TestMcpServer.streamable().start()) {
            String id = connector(server.url(), Map.of("Authorization", "Bearer {{NO_SUCH_TOKEN}}"));
            test(Map.of("mcp_id", id))
                    .body("success", equalTo(false))
                    .body("error", allOf(containsString("{{NO_SUCH_TOKEN}}"), containsString("Authorization")))
                    .body("tool_count", equalTo(0))
                    .body("toolsets[0].error", containsString("NO_SUCH_TOKEN"));
            assertEquals(0, server.requests());
        }
    }

    @Test
    void injectedValueCannotSmuggleALineBreakIntoAHeader() {
        // Variables refuse CR/LF when stored; this checks the injection step itself with a URL-built value.
        try (TestMcpServer server = TestMcpServer.streamable().start()) {
            variable("HOSTPORT", "127.0.0.1:" + server.port(), false);
            String id = connector("http://{{HOSTPORT}}/mcp", Map.of());
            test(Map.of("mcp_id", id)).body("success", equalTo(true));
        }
    }

    @Test
    void followsPagination() {
        try (TestMcpServer server = TestMcpServer.streamable().tools(5).pageSize(2).start()) {
            test(Map.of("mcp_id", connector(server.url(), Map.of())))
                    .body("success", equalTo(true))
                    .body("tool_count", equalTo(5))
                    .body("toolsets[0].tools.name", equalTo(List.of("tool-1", "tool-2", "tool-3", "tool-4",
                            "tool-5")));
            assertEquals(3, server.toolListCalls());
        }
    }

    @Test
    void fallsBackToLegacySse() {
        try (TestMcpServer server = TestMcpServer.sse().tools(2).start()) {
            test(Map.of("mcp_id", connector(server.url(), Map.of())))
                    .body("success", equalTo(true))
                    .body("tool_count", equalTo(2));
        }
    }

    @Test
    void reportsServerFailuresAsPlainText() {
        try (TestMcpServer unauthorized = TestMcpServer.streamable().unauthorized().start();
                TestMcpServer html = TestMcpServer.streamable().html().start()) {
            test(Map.of("mcp_id", connector(unauthorized.url(), Map.of())))
                    .body("success", equalTo(false))
                    .body("error", allOf(containsString("401"), not(containsString("Exception"))))
                    .body("toolsets[0].tool_count", equalTo(0));
            test(Map.of("mcp_id", connector(html.url(), Map.of())))
                    .body("success", equalTo(false))
                    .body("error", allOf(containsString("Not an MCP endpoint"), containsString("text/html")));
        }
    }

    @Test
    void hangingServerHitsTheHandshakeDeadline() {
        try (TestMcpServer server = TestMcpServer.streamable().hang().start()) {
            long start = System.nanoTime();
            test(Map.of("mcp_id", connector(server.url(), Map.of())))
                    .body("success", equalTo(false))
                    .body("error", containsString("did not complete the MCP handshake within 3 s"))
                    .body("duration_ms", allOf(greaterThanOrEqualTo(2900), lessThan(5000)));
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 5500);
        }
    }

    @Test
    void slowServerHitsTheTotalDeadlineAndAFastEnoughOneDoesNot() {
        try (TestMcpServer slow = TestMcpServer.streamable().delay(Duration.ofMillis(5500)).start();
                TestMcpServer slowish = TestMcpServer.streamable().delay(Duration.ofMillis(700)).start()) {
            test(Map.of("mcp_id", connector(slow.url(), Map.of())))
                    .body("success", equalTo(false))
                    .body("error", containsString("did not finish within 5 s"))
                    .body("duration_ms", allOf(greaterThanOrEqualTo(4900), lessThan(6500)));
            test(Map.of("mcp_id", connector(slowish.url(), Map.of())))
                    .body("success", equalTo(true))
                    .body("duration_ms", greaterThanOrEqualTo(700));
        }
    }

    @Test
    void closesTheSessionsItOpens() throws InterruptedException {
        try (TestMcpServer streamable = TestMcpServer.streamable().start();
                TestMcpServer sse = TestMcpServer.sse().start()) {
            test(Map.of("mcp_id", connector(streamable.url(), Map.of()))).body("success", equalTo(true));
            test(Map.of("mcp_id", connector(sse.url(), Map.of()))).body("success", equalTo(true));
            // Streamable HTTP: the session is ended with a DELETE. SSE: the streams (probe and session) are closed,
            // so no exchange stays open in the egress proxy.
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while ((streamable.deletes() < 1 || egress.openExchanges() > 0) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(1, streamable.deletes());
            assertEquals(0, egress.openExchanges());
        }
    }

    // --- requests that can't run ---------------------------------------------------------------------------

    @Test
    void requestsThatCannotRunAreProblems() {
        as(alice).body(Map.of()).post(base + "/mcps/test").then().statusCode(400);
        as(alice).body(Map.of("mcp_id", "00000000-0000-0000-0000-000000000000", "oauth_mcp", "gmail"))
                .post(base + "/mcps/test").then().statusCode(400);
        as(alice).body(Map.of("mcp_id", "00000000-0000-0000-0000-000000000000")).post(base + "/mcps/test")
                .then().statusCode(404);
        as(alice).body(Map.of("oauth_mcp", "no_such_mcp")).post(base + "/mcps/test").then().statusCode(404);
        String other = uniqueName("org-other");
        String otherConnector = as(Tokens.staff("carol", other)).body(Map.of("name", "x", "url",
                "https://mcp.example.com/mcp")).post("/api/organizations/" + other + "/mcps").then().statusCode(201)
                .extract().path("id");
        as(alice).body(Map.of("mcp_id", otherConnector)).post(base + "/mcps/test").then().statusCode(404);
        as(Tokens.staff("mallory", "org-elsewhere")).body(Map.of("oauth_mcp", "gmail")).post(base + "/mcps/test")
                .then().statusCode(403);
    }

    // --- predefined OAuth MCPs ----------------------------------------------------------------------------

    @Test
    void oauthMcpNeedsTheCallersIntegration() {
        test(Map.of("oauth_mcp", "gmail"))
                .body("success", equalTo(false))
                .body("error", containsString("Google integration is not connected"))
                .body("toolsets[0].name", equalTo("Gmail"));
        connectGoogle(alice, "alice-live-token", "alice-refresh", 3600);
        test(Map.of("oauth_mcp", "gmail"))
                .body("success", equalTo(true))
                .body("tool_count", equalTo(2))
                .body("toolsets[0].name", equalTo("Gmail"));
        assertTrue(OAuthMcpServers.gmail.seenHeaders().stream()
                .anyMatch(h -> "Bearer alice-live-token".equals(h.get("authorization"))));
        // Another member's test uses their own integration, not alice's.
        as(Tokens.staff("bob", org)).body(Map.of("oauth_mcp", "gmail")).post(base + "/mcps/test").then()
                .statusCode(200).body("success", equalTo(false));
    }

    @Test
    void expiredTokenIsRefreshedAndStored() {
        connectGoogle(alice, "alice-expired-token", "alice-refresh-1", 0);
        int before = OAuthMcpServers.tokenRequests.size();
        test(Map.of("oauth_mcp", "gmail")).body("success", equalTo(true));
        assertEquals(before + 1, OAuthMcpServers.tokenRequests.size());
        String form = OAuthMcpServers.tokenRequests.get(before);
        assertTrue(form.contains("grant_type=refresh_token") && form.contains("refresh_token=alice-refresh-1")
                && form.contains("client_id=" + OAuthMcpServers.CLIENT_ID), form);
        assertTrue(OAuthMcpServers.gmail.seenHeaders().stream().anyMatch(h ->
                ("Bearer " + OAuthMcpServers.REFRESHED_ACCESS_TOKEN).equals(h.get("authorization"))));
        // Stored: the next test needs no refresh.
        as(alice).get(base + "/integrations").then().body("find { it.provider == 'google' }.expires_at",
                notNullValue());
        test(Map.of("oauth_mcp", "gmail")).body("success", equalTo(true));
        assertEquals(before + 1, OAuthMcpServers.tokenRequests.size());
    }

    @Test
    void failedRefreshSaysSo() {
        connectGoogle(alice, "alice-expired-token", "revoked", 0);
        test(Map.of("oauth_mcp", "gmail"))
                .body("success", equalTo(false))
                .body("error", allOf(containsString("Refreshing the Google token failed"),
                        containsString("HTTP 400"), not(containsString("revoked"))));
    }

    @Test
    void oauthMcpWithSeveralToolsetsListsEach() {
        connectGoogle(alice, "alice-live-token", "alice-refresh", 3600);
        test(Map.of("oauth_mcp", "google_drive"))
                .body("success", equalTo(true))
                .body("tool_count", equalTo(4))
                .body("toolsets.name", equalTo(List.of("Google Drive / drive", "Google Drive / sheets")))
                .body("toolsets.tool_count", equalTo(List.of(3, 1)));
        test(Map.of("oauth_mcp", "google_calendar"))
                .body("success", equalTo(false))
                .body("error", containsString("No MCP endpoint is configured"));
    }

    @Test
    void oauthConnectorOfTheRegistryUsesItsDefinition() {
        connectGoogle(alice, "alice-live-token", "alice-refresh", 3600);
        String name = uniqueName("my-gmail");
        String id = as(alice).body(Map.of("name", name, "type", "oauth", "oauth_mcp", "gmail"))
                .post(base + "/mcps").then().statusCode(201).extract().path("id");
        test(Map.of("mcp_id", id)).body("success", equalTo(true)).body("toolsets[0].name", equalTo(name))
                .body("tool_count", equalTo(2));
    }

    // --- teammate views ------------------------------------------------------------------------------------

    @Test
    void teammateToolsAreFannedOutWithPartialFailure() {
        try (TestMcpServer good = TestMcpServer.streamable().tools(2).delay(Duration.ofMillis(1200)).start();
                TestMcpServer alsoGood = TestMcpServer.sse().tools(1).delay(Duration.ofMillis(1200)).start();
                TestMcpServer slowToo = TestMcpServer.streamable().tools(4).delay(Duration.ofMillis(1200)).start();
                TestMcpServer denied = TestMcpServer.streamable().unauthorized().start()) {
            connectGoogle(alice, "alice-live-token", "alice-refresh", 3600);
            String employee = "teammate-" + uniqueName("e");
            String path = base + "/mcps/employee/" + employee;
            for (String id : List.of(connectorNamed("a-good", good.url()), connectorNamed("b-sse", alsoGood.url()),
                    connectorNamed("c-slow", slowToo.url()), connectorNamed("d-denied", denied.url()))) {
                as(alice).body(Map.of("mcp_id", id)).post(path).then().statusCode(201);
            }
            as(alice).body(Map.of("oauth_mcp", "gmail")).post(path).then().statusCode(201);

            // Bob has no Google integration: the tools view uses the integration of alice, who enabled Gmail.
            // A first, untimed call loads the code paths (SSE fallback…); the second one is timed.
            as(Tokens.staff("bob", org)).get(path + "/tools").then().statusCode(200);
            long start = System.nanoTime();
            ValidatableResponse tools = as(Tokens.staff("bob", org)).get(path + "/tools").then().statusCode(200)
                    .body("success", equalTo(false))
                    .body("error", containsString("1 of 5 toolsets failed"))
                    .body("tool_count", equalTo(2 + 1 + 4 + 2));
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            Map<String, Integer> counts = new HashMap<>();
            List<Map<String, Object>> toolsets = tools.extract().path("toolsets");
            toolsets.forEach(t -> counts.put((String) t.get("name"), (Integer) t.get("tool_count")));
            assertEquals(Map.of("a-good", 2, "b-sse", 1, "c-slow", 4, "d-denied", 0, "Gmail", 2), counts);
            // Three servers take 1.2 s each (3.6 s one after another): fanned out, about one of them.
            assertTrue(millis < 3000, "took " + millis + " ms");

            as(Tokens.ai(org)).get(path + "/tools").then().statusCode(200).body("tool_count", equalTo(9));
        }
    }

    @Test
    void runtimeViewResolvesSecretsOnlyForTheRuntime() {
        try (TestMcpServer server = TestMcpServer.streamable().start()) {
            variable("RUNTIME_KEY", "runtime-secret", true);
            connectGoogle(alice, "alice-live-token", "alice-refresh", 3600);
            String employee = "teammate-" + uniqueName("r");
            String path = base + "/mcps/employee/" + employee;
            String id = as(alice).body(Map.of("name", "rt", "url", server.url() + "?key={{RUNTIME_KEY}}",
                    "headers", Map.of("X-Key", "{{RUNTIME_KEY}}"))).post(base + "/mcps").then().statusCode(201)
                    .extract().path("id");
            String missing = connector("https://mcp.example.com/{{NOT_DEFINED}}", Map.of());
            String internal = connector("http://10.0.0.1/mcp", Map.of());
            for (String target : List.of(id, missing)) {
                as(alice).body(Map.of("mcp_id", target)).post(path).then().statusCode(201);
            }
            as(alice).body(Map.of("mcp_id", internal)).post(path).then().statusCode(201);
            as(alice).body(Map.of("oauth_mcp", "gmail")).post(path).then().statusCode(201);

            as(alice).get(path + "/runtime").then().statusCode(403);
            as(Tokens.ai(org)).get(path + "/runtime").then().statusCode(403);
            ValidatableResponse runtime = as(Tokens.runtime(org)).get(path + "/runtime").then().statusCode(200)
                    .body("employee_id", equalTo(employee));
            List<Map<String, Object>> servers = runtime.extract().path("servers");
            Map<String, Map<String, Object>> byName = new HashMap<>();
            servers.forEach(s -> byName.put((String) s.get("name"), s));
            Map<String, Object> rt = byName.get("rt");
            assertEquals(server.url() + "?key=runtime-secret", rt.get("url"));
            assertEquals(Map.of("X-Key", "runtime-secret"), rt.get("headers"));
            assertEquals("streamable_http", rt.get("transport"));
            assertEquals(id, rt.get("mcp_id"));
            Map<String, Object> gmail = byName.get("Gmail");
            assertEquals(Map.of("Authorization", "Bearer alice-live-token"), gmail.get("headers"));
            assertEquals("gmail", gmail.get("oauth_mcp"));
            assertEquals(4, servers.size());
            assertTrue(servers.stream().anyMatch(s -> String.valueOf(s.get("error")).contains("NOT_DEFINED")));
            // The tests allow loopback only: a private address is refused, without its URL.
            Map<String, Object> refused = servers.stream().filter(s -> internal.equals(s.get("mcp_id")))
                    .findFirst().orElseThrow();
            assertTrue(String.valueOf(refused.get("error")).contains("not reachable from this service"));
            assertEquals(null, refused.get("url"));
        }
    }

    @Test
    void actionsRunTheTester() {
        try (TestMcpServer server = TestMcpServer.streamable().tools(2).start()) {
            String id = connector(server.url(), Map.of());
            as(Tokens.ai(org)).body(Map.of("body", Map.of("mcp_id", id))).post(base + "/actions/test_mcp").then()
                    .statusCode(200).body("success", equalTo(true)).body("tool_count", equalTo(2));
            String employee = "teammate-" + uniqueName("a");
            as(alice).body(Map.of("mcp_id", id)).post(base + "/mcps/employee/" + employee).then().statusCode(201);
            as(Tokens.ai(org)).body(Map.of("path_params", Map.of("employee_id", employee)))
                    .post(base + "/actions/list_employee_tools").then().statusCode(200)
                    .body("tool_count", equalTo(2));
            as(Tokens.ai(org)).body(Map.of("path_params", Map.of("employee_id", employee)))
                    .post(base + "/actions/get_employee_runtime").then().statusCode(403);
            as(Tokens.runtime(org)).body(Map.of("path_params", Map.of("employee_id", employee)))
                    .post(base + "/actions/get_employee_runtime").then().statusCode(200)
                    .body("servers[0].url", equalTo(server.url()));
        }
    }
}
