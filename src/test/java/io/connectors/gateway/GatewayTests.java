package io.connectors.gateway;

import io.connectors.gateway.service.CacheInvalidation;
import io.connectors.testsupport.Tokens;
import io.connectors.testsupport.mcp.GatewayClient;
import io.connectors.testsupport.mcp.GatewaySettings;
import io.connectors.testsupport.mcp.GatewayUpstream;
import io.connectors.testsupport.mcp.OAuthMcpServers;
import io.connectors.testsupport.mcp.TestMcpServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static io.connectors.testsupport.Api.as;
import static io.connectors.testsupport.Api.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.oneOf;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The teammate gateway end to end: the MCP Java SDK's client connects through the service's HTTP port with a real
 * token, and the gateway reaches real SDK servers on 127.0.0.1 through McpBuilder and egress.
 */
@QuarkusTest
@QuarkusTestResource(OAuthMcpServers.class)
@QuarkusTestResource(GatewaySettings.class)
class GatewayTests {

    private static final String SECRET = "s3cr3t-header-value-" + UUID.randomUUID();
    private static final List<String> LOGGED = new CopyOnWriteArrayList<>();
    private static final Handler CAPTURE = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            LOGGED.add(formatter.format(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @TestHTTPResource("/")
    URL service;

    @Inject
    CacheInvalidation invalidation;

    @Inject
    io.connectors.gateway.service.GatewayAudit audit;

    private final String org = uniqueName("org-gw");
    private final String employee = uniqueName("emp");
    private final String staff = Tokens.staff("alice", org);

    @BeforeAll
    static void captureLogs() {
        Logger.getLogger("").addHandler(CAPTURE);
    }

    @AfterAll
    static void stopCapturing() {
        Logger.getLogger("").removeHandler(CAPTURE);
    }

    /** The teammate's own token: an AI actor whose subject (the teammate claim) is the teammate. */
    private String teammate() {
        return Tokens.builder(employee, org).claim("actor", "ai").sign(io.connectors.config.LocalSigningKey.privateKey());
    }

    private String base() {
        return "/api/organizations/" + org;
    }

    private String connector(String name, String url, Map<String, String> headers) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("name", name);
        body.put("url", url);
        if (headers != null) {
            body.put("headers", headers);
        }
        return as(staff).body(body).post(base() + "/mcps").then().statusCode(201).extract().path("id");
    }

    private void assign(Map<String, Object> body) {
        as(staff).body(body).post(base() + "/mcps/employee/" + employee).then().statusCode(oneOf(200, 201));
    }

    private McpSyncClient client() {
        return GatewayClient.connect(service, org, employee, teammate());
    }

    private static List<String> names(McpSchema.ListToolsResult result) {
        return result.tools().stream().map(McpSchema.Tool::name).toList();
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    private void awaitListening() throws InterruptedException {
        for (int i = 0; i < 100 && !invalidation.listening(); i++) {
            Thread.sleep(100);
        }
        assertTrue(invalidation.listening(), "the cache listens for changes");
    }

    @Test
    void aClientListsAndCallsTheTeammatesToolsAndNeverSeesTheSecret() throws Exception {
        try (GatewayUpstream upstream = GatewayUpstream.builder().requireHeader("X-Api-Key", SECRET).start()) {
            String mcpId = connector("Docs Search!", upstream.url(), Map.of("X-Api-Key", SECRET));
            assign(Map.of("mcp_id", mcpId));
            try (McpSyncClient client = client()) {
                client.ping();
                McpSchema.ListToolsResult list = client.listTools();
                assertEquals(List.of("docs_search__search", "docs_search__fail", "docs_search__slow",
                        "docs_search__big"), names(list));
                McpSchema.Tool search = list.tools().get(0);
                assertEquals(GatewayUpstream.SEARCH_DESCRIPTION, search.description());
                assertEquals("Search", search.title());
                assertEquals(List.of("query"), search.inputSchema().get("required"));
                assertEquals(Map.of("type", "object", "properties", Map.of("hits", Map.of("type", "integer"))),
                        search.outputSchema());
                assertEquals(Boolean.TRUE, search.annotations().readOnlyHint());

                McpSchema.CallToolResult found = client.callTool(new McpSchema.CallToolRequest("docs_search__search",
                        Map.of("query", "roadmap")));
                assertEquals("found roadmap", text(found));
                assertEquals(Map.of("hits", 3), found.structuredContent());
                assertNotEquals(Boolean.TRUE, found.isError());
                assertEquals(List.of(Map.of("query", "roadmap")), upstream.seenArguments());

                McpSchema.CallToolResult refused = client.callTool(new McpSchema.CallToolRequest("docs_search__fail",
                        Map.of()));
                assertEquals(Boolean.TRUE, refused.isError());
                assertEquals("upstream says no", text(refused));

                McpError unknown = assertThrows(McpError.class, () -> client.callTool(
                        new McpSchema.CallToolRequest("docs_search__nope", Map.of())));
                assertEquals(McpSchema.ErrorCodes.INVALID_PARAMS, unknown.getJsonRpcError().code());
                McpError noPrefix = assertThrows(McpError.class, () -> client.callTool(
                        new McpSchema.CallToolRequest("search", Map.of())));
                assertEquals(McpSchema.ErrorCodes.INVALID_PARAMS, noPrefix.getJsonRpcError().code());
            }
            assertTrue(upstream.seenHeaders().stream().allMatch(h -> SECRET.equals(h.get("x-api-key"))),
                    "the secret reached the upstream with every request");
            // Raw answers, the audit and every log line: never the secret.
            String list = post(teammate(), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}").asString();
            String call = post(teammate(), "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":"
                    + "{\"name\":\"docs_search__search\",\"arguments\":{\"query\":\"x\"}}}").asString();
            String calls = awaitCalls(5).asString();
            for (String answer : List.of(list, call, calls)) {
                assertFalse(answer.contains(SECRET), answer);
            }
            assertTrue(LOGGED.stream().noneMatch(line -> line.contains(SECRET)), "no log line holds the secret");
        }
    }

    @Test
    void anUpstreamFailureIsAnErrorResultWithoutItsSecrets() throws Exception {
        try (GatewayUpstream upstream = GatewayUpstream.builder().requireHeader("X-Api-Key", SECRET).start()) {
            // The header is wrong: listing and calling fail upstream with 401.
            String mcpId = connector("Wrong Key", upstream.url(), Map.of("X-Api-Key", "not-" + SECRET));
            assign(Map.of("mcp_id", mcpId));
            String good = connector("Good", upstream.url(), Map.of("X-Api-Key", SECRET));
            assign(Map.of("mcp_id", good));
            try (McpSyncClient client = client()) {
                assertEquals(List.of("good__search", "good__fail", "good__slow", "good__big"),
                        names(client.listTools()));
                McpSchema.CallToolResult failed = client.callTool(new McpSchema.CallToolRequest("wrong_key__search",
                        Map.of("query", "q")));
                assertEquals(Boolean.TRUE, failed.isError());
                String message = text(failed);
                assertTrue(message.contains("127.0.0.1:" + upstream.port()), message);
                assertFalse(message.contains(SECRET) || message.contains("/mcp"), message);
            }
        }
    }

    @Test
    void variablesAreInjectedAndAChangedVariableIsSeenOnTheNextList() throws Exception {
        try (GatewayUpstream first = GatewayUpstream.builder().start();
                GatewayUpstream second = GatewayUpstream.builder().extraTools(1).start()) {
            as(staff).body(Map.of("value", String.valueOf(first.port()), "secret", false))
                    .put(base() + "/variables/GW_PORT").then().statusCode(201);
            String mcpId = connector("Var", "http://127.0.0.1:{{GW_PORT}}/mcp", null);
            assign(Map.of("mcp_id", mcpId));
            awaitListening();
            try (McpSyncClient client = client()) {
                assertEquals(4, client.listTools().tools().size());
                as(staff).body(Map.of("value", String.valueOf(second.port()), "secret", false))
                        .put(base() + "/variables/GW_PORT").then().statusCode(200);
                assertTrue(names(awaitList(client, 5)).contains("var__t-1"));
                client.callTool(new McpSchema.CallToolRequest("var__t-1", Map.of()));
                assertEquals(1, second.calls());
                assertEquals(0, first.calls());
            }
        }
    }

    @Test
    void aPredefinedOAuthToolsetRunsWithTheRefreshedTokenOfWhoEnabledIt() {
        as(staff).body(Map.of("access_token", "expired-token", "refresh_token", "good-refresh", "expires_in", 0,
                "scopes", List.of("https://www.googleapis.com/auth/gmail.modify",
                        "https://www.googleapis.com/auth/drive")))
                .put(base() + "/integrations/google").then().statusCode(200);
        assign(Map.of("oauth_mcp", "gmail"));
        assign(Map.of("oauth_mcp", "google_drive"));
        try (McpSyncClient client = client()) {
            List<String> names = names(client.listTools());
            assertEquals(List.of("gmail__tool-1", "gmail__tool-2", "google_drive_drive__tool-1",
                    "google_drive_drive__tool-2", "google_drive_drive__tool-3", "google_drive_sheets__tool-1"), names);
            McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest("gmail__tool-2",
                    Map.of()));
            assertEquals("ok", text(result));
            Map<String, String> last = OAuthMcpServers.gmail.seenHeaders().get(
                    OAuthMcpServers.gmail.seenHeaders().size() - 1);
            assertEquals("Bearer " + OAuthMcpServers.REFRESHED_ACCESS_TOKEN, last.get("authorization"));
            McpSchema.CallToolResult legacy = client.callTool(new McpSchema.CallToolRequest(
                    "google_drive_sheets__tool-1", Map.of()));
            assertEquals("ok", text(legacy));
        }
        assertTrue(LOGGED.stream().noneMatch(line -> line.contains(OAuthMcpServers.REFRESHED_ACCESS_TOKEN)));
    }

    @Test
    void theToolChoiceIsVisibleOnTheVeryNextList() {
        try (GatewayUpstream upstream = GatewayUpstream.builder().start()) {
            String mcpId = connector("Pick", upstream.url(), null);
            assign(Map.of("mcp_id", mcpId, "tools", List.of("search")));
            try (McpSyncClient client = client()) {
                assertEquals(List.of("pick__search"), names(client.listTools()));
                // The teammate tab's checkboxes come from every upstream tool, chosen or not.
                as(staff).get(base() + "/mcps/employee/" + employee + "/tools").then().statusCode(200)
                        .body("toolsets[0].mcp_id", equalTo(mcpId)).body("toolsets[0].oauth_mcp", equalTo(null))
                        .body("toolsets[0].tool_count", equalTo(4));
                McpError notAllowed = assertThrows(McpError.class, () -> client.callTool(
                        new McpSchema.CallToolRequest("pick__fail", Map.of())));
                assertEquals(McpSchema.ErrorCodes.INVALID_PARAMS, notAllowed.getJsonRpcError().code());
                assertEquals(0, upstream.calls());
                assign(Map.of("mcp_id", mcpId, "tools", List.of("search", "fail")));
                assertEquals(List.of("pick__search", "pick__fail"), names(client.listTools()));
                assign(Map.of("mcp_id", mcpId, "tools", List.of()));
                assertEquals(List.of(), names(client.listTools()));
                Map<String, Object> all = new java.util.HashMap<>();
                all.put("mcp_id", mcpId);
                all.put("tools", null);
                assign(all);
                assertEquals(4, client.listTools().tools().size());
            }
        }
    }

    @Test
    void aSilentUpstreamDelaysNothingPastTheDeadlinesAndItsCallTimesOut() {
        try (GatewayUpstream upstream = GatewayUpstream.builder().start();
                TestMcpServer silent = TestMcpServer.streamable().hang().start()) {
            assign(Map.of("mcp_id", connector("Silent", silent.url(), null)));
            assign(Map.of("mcp_id", connector("Alive", upstream.url(), null)));
            try (McpSyncClient client = client()) {
                long start = System.nanoTime();
                assertEquals(List.of("alive__search", "alive__fail", "alive__slow", "alive__big"),
                        names(client.listTools()));
                long millis = (System.nanoTime() - start) / 1_000_000;
                // The tester's deadlines in tests: connect 3 s, total 5 s.
                assertTrue(millis < 6000, "listed in " + millis + " ms");

                start = System.nanoTime();
                McpSchema.CallToolResult slow = client.callTool(new McpSchema.CallToolRequest("alive__slow",
                        Map.of()));
                millis = (System.nanoTime() - start) / 1_000_000;
                assertEquals(Boolean.TRUE, slow.isError());
                assertEquals("The call of slow on 127.0.0.1:" + upstream.port() + " did not finish within 3 s",
                        text(slow));
                assertTrue(millis < 5000, "timed out after " + millis + " ms");

                McpSchema.CallToolResult silentCall = client.callTool(new McpSchema.CallToolRequest(
                        "silent__tool-1", Map.of()));
                assertEquals(Boolean.TRUE, silentCall.isError());
            }
            Response calls = awaitCalls(2);
            // Newest first: the silent server's handshake ran into its deadline, the slow tool into the call's.
            assertEquals("timeout", calls.path("[0].outcome"), calls.asString());
            assertEquals("127.0.0.1:" + silent.port() + " did not complete the MCP handshake within 2 s",
                    calls.path("[0].error"));
            assertEquals("timeout", calls.path("[1].outcome"));
        }
    }

    @Test
    void aResultOverTheSizeCapFailsTheCall() {
        try (GatewayUpstream upstream = GatewayUpstream.builder().bigBytes(100_000).start()) {
            assign(Map.of("mcp_id", connector("Large", upstream.url(), null)));
            try (McpSyncClient client = client()) {
                McpSchema.CallToolResult big = client.callTool(new McpSchema.CallToolRequest("large__big", Map.of()));
                assertEquals(Boolean.TRUE, big.isError());
                assertTrue(text(big).contains("65536"), text(big));
            }
        }
    }

    @Test
    void everyCallIsAuditedAndPagedNewestFirst() throws Exception {
        try (GatewayUpstream upstream = GatewayUpstream.builder().start()) {
            String mcpId = connector("Audit", upstream.url(), null);
            assign(Map.of("mcp_id", mcpId));
            try (McpSyncClient client = client()) {
                client.callTool(new McpSchema.CallToolRequest("audit__search", Map.of("query", "q", "a", List.of(2,
                        1))));
                client.callTool(new McpSchema.CallToolRequest("audit__fail", Map.of()));
                assertThrows(McpError.class, () -> client.callTool(new McpSchema.CallToolRequest("audit__nope",
                        Map.of())));
            }
            Response all = awaitCalls(3);
            assertEquals(List.of("refused", "tool_error", "ok"), all.path("outcome"));
            assertEquals(sha256("{\"a\":[2,1],\"query\":\"q\"}"), all.path("[2].arguments_sha256"));
            assertEquals(sha256("{}"), all.path("[1].arguments_sha256"));
            assertEquals("search", all.path("[2].tool"));
            assertEquals(mcpId, all.path("[2].mcp_id"));
            assertEquals("Audit", all.path("[2].toolset"));
            assertEquals("ai", all.path("[2].actor"));
            assertEquals(employee, all.path("[2].caller"));
            assertTrue(((Number) all.path("[2].result_bytes")).longValue() > 0);
            assertNull(all.path("[2].error"));
            assertEquals("The tool answered with an error", all.path("[1].error"));

            Response first = as(staff).queryParam("limit", 2).get(base() + "/mcps/employee/" + employee + "/calls");
            first.then().statusCode(200).body("$", hasSize(2)).header("Link", startsWith("</api/organizations/"));
            String before = first.path("[1].id");
            as(staff).queryParam("limit", 2).queryParam("before", before)
                    .get(base() + "/mcps/employee/" + employee + "/calls")
                    .then().statusCode(200).body("outcome", contains("ok"));
            // Open to AI teammates (an organization action), bounded, and tenant-scoped.
            as(Tokens.ai(org)).get(base() + "/mcps/employee/" + employee + "/calls").then().statusCode(200)
                    .body("$", hasSize(3));
            as(staff).queryParam("limit", 201).get(base() + "/mcps/employee/" + employee + "/calls")
                    .then().statusCode(400).body("errors[0].field", equalTo("limit"));
            as(Tokens.staff("bob", "org-b")).get("/api/organizations/org-b/mcps/employee/" + employee + "/calls")
                    .then().statusCode(200).body("$", hasSize(0));
            as(Tokens.staff("bob", "org-b")).queryParam("before", before)
                    .get("/api/organizations/org-b/mcps/employee/" + employee + "/calls")
                    .then().statusCode(200).body("$", hasSize(0));
        }
    }

    @Test
    void recordsPastTheRetentionArePrunedAndMetricsCountCalls() throws Exception {
        try (GatewayUpstream upstream = GatewayUpstream.builder().start()) {
            assign(Map.of("mcp_id", connector("Kept", upstream.url(), null)));
            try (McpSyncClient client = client()) {
                client.callTool(new McpSchema.CallToolRequest("kept__search", Map.of("query", "q")));
                client.listTools();
                client.listTools();
            }
            awaitCalls(1);
            UUID old = UUID.randomUUID();
            sql("insert into gateway_call (id, organization_id, employee_id, toolset, tool, caller, actor, started_at, "
                    + "duration_ms, outcome, arguments_sha256, result_bytes) values (?, ?, ?, 'Kept', 'search', 'x', "
                    + "'ai', now() - interval '31 days', 1, 'ok', ?, 0)", old, org, employee, "0".repeat(64));
            assertEquals(2, (Integer) as(staff).get(base() + "/mcps/employee/" + employee + "/calls").path("size()"));
            assertTrue(audit.prune().await().atMost(java.time.Duration.ofSeconds(10)) >= 1);
            Response kept = as(staff).get(base() + "/mcps/employee/" + employee + "/calls");
            assertEquals(1, (Integer) kept.path("size()"));
            assertEquals("ok", kept.path("[0].outcome"));
        }
        String metrics = given().get("/q/metrics").asString();
        assertTrue(metrics.contains("connectors_gateway_calls_seconds_count{outcome=\"ok\"}"), "calls by outcome");
        assertTrue(metrics.contains("connectors_gateway_calls_seconds_bucket"), "latency histogram");
        assertTrue(metrics.contains("connectors_gateway_tool_cache_total{result=\"hit\"}"), "cache hits");
        assertTrue(metrics.contains("connectors_gateway_tool_cache_total{result=\"miss\"}"), "cache misses");
    }

    @Test
    void oldClientsAreAnsweredInTheirVersion() {
        for (String version : List.of("2025-03-26", "2025-06-18", "2025-11-25")) {
            post(teammate(), initialize(version)).then().statusCode(200)
                    .body("result.protocolVersion", equalTo(version))
                    .body("result.capabilities.tools.listChanged", equalTo(true))
                    .body("result.serverInfo.name", equalTo("connectors-gateway"));
        }
        post(teammate(), initialize("2024-01-01")).then().statusCode(200)
                .body("result.protocolVersion", equalTo("2025-11-25"));
        given().auth().oauth2(teammate()).contentType("application/json").header("MCP-Protocol-Version", "1999-01-01")
                .body(initialize("2025-11-25")).post(GatewayClient.path(org, employee))
                .then().statusCode(400).body("error.code", equalTo(McpSchema.ErrorCodes.INVALID_REQUEST));
        post(teammate(), "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").then().statusCode(202);
        post(teammate(), "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}").then().statusCode(200)
                .body("id", equalTo(7)).body("result", equalTo(Map.of()));
        post(teammate(), "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"resources/list\"}").then().statusCode(200)
                .body("error.code", equalTo(McpSchema.ErrorCodes.METHOD_NOT_FOUND));
        post(teammate(), "not json").then().statusCode(400).body("error.code", equalTo(McpSchema.ErrorCodes.PARSE_ERROR));
    }

    @Test
    void longListsArePaged() {
        try (GatewayUpstream upstream = GatewayUpstream.builder().extraTools(150).start()) {
            assign(Map.of("mcp_id", connector("Many", upstream.url(), null)));
            Response page = post(teammate(), "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}");
            page.then().statusCode(200).body("result.tools", hasSize(GatewaySettings.PAGE_SIZE));
            String cursor = page.path("result.nextCursor");
            assertNotNull(cursor);
            post(teammate(), "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\",\"params\":{\"cursor\":\""
                    + cursor + "\"}}").then().statusCode(200).body("result.tools", hasSize(54))
                    .body("result.nextCursor", equalTo(null));
            post(teammate(), "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\",\"params\":{\"cursor\":"
                    + "\"bogus\"}}").then().statusCode(200)
                    .body("error.code", equalTo(McpSchema.ErrorCodes.INVALID_PARAMS));
            try (McpSyncClient client = client()) {
                List<String> names = names(client.listTools());
                assertEquals(154, names.size());
                assertEquals("many__t-150", names.get(153));
            }
        }
    }

    @Test
    void onlyTheRuntimeAndTheTeammateItselfMayConnect() throws Exception {
        String path = GatewayClient.path(org, employee);
        String init = initialize("2025-11-25");
        post(Tokens.runtime(org), init).then().statusCode(200);
        post(teammate(), init).then().statusCode(200);
        String otherTeammate = Tokens.builder("other-" + employee, org).claim("actor", "ai")
                .sign(io.connectors.config.LocalSigningKey.privateKey());
        post(otherTeammate, init).then().statusCode(403)
                .body("detail", equalTo("An AI teammate may connect only to its own gateway"));
        post(staff, init).then().statusCode(403)
                .body("detail", equalTo("Only the agent runtime or the teammate itself may connect to a teammate's "
                        + "gateway"));
        // A person who names the teammate in the teammate claim is still a person.
        post(Tokens.staff(employee, org), init).then().statusCode(403);
        post(Tokens.runtime("org-b"), init).then().statusCode(403);
        post(Tokens.builder(employee, "org-b").claim("actor", "ai")
                .sign(io.connectors.config.LocalSigningKey.privateKey()), init).then().statusCode(403);
        // The runtime scope without being issued to a runtime client is not the runtime.
        post(Tokens.builder("someone", org).claim("scope", "connectors.runtime")
                .sign(io.connectors.config.LocalSigningKey.privateKey()), init).then().statusCode(403);
        given().contentType("application/json").body(init).post(path).then().statusCode(401);
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String forged = Tokens.builder(employee, org).claim("actor", "ai").sign(generator.generateKeyPair()
                .getPrivate());
        post(forged, init).then().statusCode(401);
        given().auth().oauth2(teammate()).get(path).then().statusCode(405).header("Allow", "POST");
        given().auth().oauth2(teammate()).delete(path).then().statusCode(405);
    }

    @Test
    void changesSeenOnlyByTheDatabaseDropTheCache() throws Exception {
        try (GatewayUpstream first = GatewayUpstream.builder().start();
                GatewayUpstream second = GatewayUpstream.builder().extraTools(2).start()) {
            String mcpId = connector("Moving", first.url(), null);
            assign(Map.of("mcp_id", mcpId));
            awaitListening();
            try (McpSyncClient client = client()) {
                assertEquals(4, client.listTools().tools().size());
                // Served from the cache: a tool the upstream adds later is not listed yet.
                first.addTool("late");
                assertEquals(4, client.listTools().tools().size());
                // A change through the API drops it.
                as(staff).body(Map.of("name", "Moving", "url", first.url())).put(base() + "/mcps/mcp/" + mcpId)
                        .then().statusCode(200);
                assertTrue(names(client.listTools()).contains("moving__late"));

                // A second writer: plain SQL on its own connection, around this service's code.
                sql("update connector set url = ? where id = ?", second.url(), UUID.fromString(mcpId));
                assertTrue(names(awaitList(client, 6)).contains("moving__t-2"));
                sql("update user_integration set scopes = scopes where organization_id = ?", org);
                second.addTool("later");
                sql("insert into organization_variable (organization_id, name, value, secret, created_at, "
                        + "updated_at) values (?, 'UNRELATED', 'x', false, now(), now())", org);
                assertTrue(names(awaitList(client, 7)).contains("moving__later"));
            }
        }
    }

    // ---- helpers ----

    /** Lists until {@code size} tools show (the notification travels through PostgreSQL), at most 5 s. */
    private static McpSchema.ListToolsResult awaitList(McpSyncClient client, int size) throws InterruptedException {
        McpSchema.ListToolsResult result = client.listTools();
        for (int i = 0; i < 50 && result.tools().size() != size; i++) {
            Thread.sleep(100);
            result = client.listTools();
        }
        return result;
    }

    /** The teammate's audit records once {@code count} are there (they are written after the answer). */
    private Response awaitCalls(int count) {
        Response response = null;
        for (int i = 0; i < 50; i++) {
            response = as(staff).get(base() + "/mcps/employee/" + employee + "/calls");
            response.then().statusCode(200);
            if (response.path("size()").equals(count)) {
                return response;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        assertEquals(count, (Integer) response.path("size()"), response.asString());
        return response;
    }

    private Response post(String token, String body) {
        return given().auth().oauth2(token).contentType("application/json")
                .header("Accept", "application/json, text/event-stream")
                .body(body).post(GatewayClient.path(org, employee));
    }

    private static String initialize(String version) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + version
                + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"raw\",\"version\":\"1\"}}}";
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** SQL on a connection of its own (not the service's pool): a writer this service's code never sees. */
    private static void sql(String statement, Object... parameters) throws Exception {
        var config = ConfigProvider.getConfig();
        try (Connection c = DriverManager.getConnection(config.getValue("quarkus.datasource.migrations.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
                PreparedStatement s = c.prepareStatement(statement)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            s.executeUpdate();
        }
    }
}
