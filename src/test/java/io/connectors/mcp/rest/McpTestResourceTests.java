package io.connectors.mcp.rest;

import io.connectors.egress.Egress;
import io.connectors.testsupport.Tokens;
import io.connectors.testsupport.mcp.OAuthMcpServers;
import io.connectors.testsupport.mcp.TestMcpServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.connectors.secret.SecretCipher;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
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

    @Inject
    io.connectors.mcp.client.McpToolCaller gatewayUpstreams;

    @Inject
    // The JDBC datasource is the migrations' one (the default datasource is reactive only).
    @DataSource("migrations")
    AgroalDataSource dataSource;

    @Inject
    SecretCipher cipher;

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

    /** A visible variable. */
    private void variable(String name, String value) {
        as(alice).body(Map.of("value", value)).put(base + "/variables/" + name).then().statusCode(201);
    }

    /** A secret variable, with the hosts SPEC requires it to list. */
    private void secretVariable(String name, String value, String... allowedHosts) {
        as(alice).body(Map.of("value", value, "secret", true, "allowed_hosts", List.of(allowedHosts)))
                .put(base + "/variables/" + name).then().statusCode(201);
    }

    /** Runs SQL against the service's database, for rows the API would refuse to write. */
    private int sql(String statement, Object... parameters) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(statement)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private String storedRefreshToken(String user) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "select refresh_token from user_integration where organization_id = ? and user_id = ?")) {
            s.setString(1, org);
            s.setString(2, user);
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next());
                return cipher.decrypt(org, rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A value sealed under a key this deployment does not have. */
    private static final String SEALED_UNDER_A_LOST_KEY = "v1:0badc0de:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    private String teammateWith(String... connectorIds) {
        String employee = "teammate-" + uniqueName("t");
        for (String id : connectorIds) {
            as(alice).body(Map.of("mcp_id", id)).post(base + "/mcps/employee/" + employee).then().statusCode(201);
        }
        return base + "/mcps/employee/" + employee;
    }

    private static Map<String, Map<String, Object>> byName(ValidatableResponse response, String list) {
        List<Map<String, Object>> items = response.extract().path(list);
        Map<String, Map<String, Object>> byName = new HashMap<>();
        items.forEach(s -> byName.put((String) s.get("name"), s));
        return byName;
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
            secretVariable("API_KEY", "s3cret", "127.0.0.1");
            variable("MCP_PATH", "mcp");
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
                    .body("duration_ms", allOf(greaterThanOrEqualTo(0), lessThan(5000)));
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
        // The API refuses such values; rows written around it (older versions, manual SQL) must still not reach a
        // header. Line breaks through a visible variable row; NUL (which PostgreSQL text can't hold) through a
        // sealed secret.
        try (TestMcpServer server = TestMcpServer.streamable().start()) {
            Instant now = Instant.now();
            String insert = "insert into organization_variable (organization_id, name, value, secret, created_at, "
                    + "updated_at) values (?, ?, ?, ?, ?, ?)";
            sql(insert, org, "CRLF", "a\r\nX-Injected: yes", false, Timestamp.from(now), Timestamp.from(now));
            sql(insert, org, "LF", "a\nX-Injected: yes", false, Timestamp.from(now), Timestamp.from(now));
            sql(insert, org, "NUL", cipher.encrypt(org, "a\u0000b"), true, Timestamp.from(now), Timestamp.from(now));
            sql("update organization_variable set allowed_hosts = '{127.0.0.1}' where organization_id = ? "
                    + "and name = 'NUL'", org);
            for (String variable : List.of("CRLF", "LF", "NUL")) {
                String name = uniqueName("smuggle");
                String id = as(alice).body(Map.of("name", name, "url", server.url(),
                        "headers", Map.of("X-Value", "v-{{" + variable + "}}"))).post(base + "/mcps").then()
                        .statusCode(201).extract().path("id");
                test(Map.of("mcp_id", id))
                        .body("success", equalTo(false))
                        .body("error", equalTo("The header X-Value of " + name + " would contain a line break or "
                                + "NUL once variables are injected"));
            }
            assertEquals(0, server.requests());
        }
    }

    @Test
    void variableMayStandForTheHostAndPortOfTheUrl() {
        try (TestMcpServer server = TestMcpServer.streamable().tools(2).start()) {
            variable("HOSTPORT", "127.0.0.1:" + server.port());
            variable("PORT", String.valueOf(server.port()));
            test(Map.of("mcp_id", connector("http://{{HOSTPORT}}/mcp", Map.of()))).body("success", equalTo(true));
            test(Map.of("mcp_id", connector("http://127.0.0.1:{{ PORT }}/mcp", Map.of())))
                    .body("success", equalTo(true)).body("tool_count", equalTo(2));
            assertEquals(2, server.toolListCalls());
        }
        // At save time only the text outside references is checked.
        connectorNamed(uniqueName("tenant"), "https://{{TENANT}}.example.com:{{PORT}}/");
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("{{SCHEME}}://mcp.example.com/", "is not a valid URL");
        refused.put("ftp://{{HOST}}/", "must be an absolute http:// or https:// URL");
        refused.put("http://{{CREDENTIALS}}@mcp.example.com/", "must not contain credentials (user:pass@); use a "
                + "header instead");
        refused.put("http://:{{PORT}}/mcp", "must name a host");
        refused.put("https://{{HOST}}/mcp#{{PART}}", "must not contain a fragment (#...)");
        refused.forEach((url, message) -> as(alice).body(Map.of("name", uniqueName("bad"), "url", url))
                .post(base + "/mcps").then().statusCode(400)
                .body("errors[0].field", equalTo("url")).body("errors[0].message", equalTo(message)));
    }

    @Test
    void urlIsCheckedAgainAfterInjectionAndNothingIsDialed() {
        try (TestMcpServer server = TestMcpServer.streamable().start()) {
            variable("NOT_A_PORT", server.port() + "x");
            variable("TOO_BIG", "70000");
            variable("ZERO", "0");
            variable("WITH_USER", "u:p@127.0.0.1:" + server.port());
            variable("SPACE", "a b");
            Map<String, String> expected = new LinkedHashMap<>();
            expected.put("http://127.0.0.1:{{NOT_A_PORT}}/mcp", "is not an absolute http:// or https:// URL with a "
                    + "host and a valid port once variables are injected");
            expected.put("http://127.0.0.1:{{TOO_BIG}}/mcp", "has a port outside 1-65535 once variables are injected");
            expected.put("http://127.0.0.1:{{ZERO}}/mcp", "has a port outside 1-65535 once variables are injected");
            expected.put("http://127.0.0.1:" + server.port() + "/{{SPACE}}", "is not a valid URL once variables are "
                    + "injected");
            expected.forEach((url, message) -> {
                String name = uniqueName("after");
                String id = connectorNamed(name, url);
                test(Map.of("mcp_id", id)).body("success", equalTo(false))
                        .body("error", equalTo("The URL of " + name + " " + message));
            });
            String credentials = connector("http://{{WITH_USER}}/mcp", Map.of());
            test(Map.of("mcp_id", credentials)).body("success", equalTo(false))
                    .body("error", equalTo("URLs with user:password@ are not allowed; send credentials in a header"));
            assertEquals(0, server.requests());
        }
    }

    // --- secret variables stay with their hosts ----------------------------------------------------------

    @Test
    void secretVariableIsNotSentToAHostItDoesNotAllow() {
        String secret = "sk-" + uniqueName("exfil");
        try (TestMcpServer recorder = TestMcpServer.streamable().start()) {
            secretVariable("SECRET", secret, "mcp.example.com");
            String inQuery = uniqueName("in-query");
            String inHeader = uniqueName("in-header");
            String queryId = connectorNamed(inQuery, recorder.url() + "?k={{SECRET}}");
            String headerId = as(alice).body(Map.of("name", inHeader, "url", recorder.url(),
                    "headers", Map.of("Authorization", "Bearer {{ SECRET }}"))).post(base + "/mcps").then()
                    .statusCode(201).extract().path("id");
            for (Map.Entry<String, String> c : Map.of(queryId, inQuery, headerId, inHeader).entrySet()) {
                test(Map.of("mcp_id", c.getKey()))
                        .body("success", equalTo(false))
                        .body("error", equalTo("The secret variable {{SECRET}} may not be sent to the server of "
                                + c.getValue() + ": its allowed hosts don't include it"))
                        .body(not(containsString(secret)));
            }
            // The teammate views resolve through the same path.
            String path = teammateWith(queryId, headerId);
            ValidatableResponse tools = as(alice).get(path + "/tools").then().statusCode(200)
                    .body("success", equalTo(false)).body(not(containsString(secret)));
            byName(tools, "toolsets").forEach((name, toolset) -> assertEquals("The secret variable {{SECRET}} may not "
                    + "be sent to the server of " + name + ": its allowed hosts don't include it", toolset.get("error")));
            ValidatableResponse runtime = as(Tokens.runtime(org)).get(path + "/runtime").then().statusCode(200)
                    .body(not(containsString(secret)));
            Map<String, Map<String, Object>> servers = byName(runtime, "servers");
            assertEquals(2, servers.size());
            servers.forEach((name, server) -> {
                assertEquals(null, server.get("url"));
                assertEquals("The secret variable {{SECRET}} may not be sent to the server of " + name
                        + ": its allowed hosts don't include it", server.get("error"));
            });
            assertEquals(0, recorder.requests());
            assertTrue(recorder.seenHeaders().isEmpty());

            // Once its owner allows this host, the same connectors work.
            as(alice).body(Map.of("value", secret, "secret", true, "allowed_hosts", List.of("mcp.example.com",
                    "127.0.0.1"))).put(base + "/variables/SECRET").then().statusCode(200);
            test(Map.of("mcp_id", queryId)).body("success", equalTo(true));
            test(Map.of("mcp_id", headerId)).body("success", equalTo(true));
            assertTrue(recorder.seenHeaders().stream().anyMatch(h -> ("Bearer " + secret).equals(h.get("authorization"))));
        }
    }

    @Test
    void secretVariableWhoseHostComesFromAVariableIsCheckedAfterInjection() {
        try (TestMcpServer recorder = TestMcpServer.streamable().start()) {
            secretVariable("TOKEN", "sk-after", "*.example.com");
            // The stored URL names no host at all: only the injected one can be judged.
            variable("TARGET", "127.0.0.1:" + recorder.port());
            String name = uniqueName("injected-host");
            String id = as(alice).body(Map.of("name", name, "url", "http://{{TARGET}}/mcp",
                    "headers", Map.of("X-Token", "{{TOKEN}}"))).post(base + "/mcps").then().statusCode(201)
                    .extract().path("id");
            test(Map.of("mcp_id", id)).body("success", equalTo(false))
                    .body("error", equalTo("The secret variable {{TOKEN}} may not be sent to the server of " + name
                            + ": its allowed hosts don't include it"));
            assertEquals(0, recorder.requests());
        }
    }

    @Test
    void secretVariableStoredWithoutAllowedHostsIsRefused() {
        try (TestMcpServer recorder = TestMcpServer.streamable().start()) {
            secretVariable("OLD_KEY", "sk-old", "127.0.0.1");
            // As stored before hosts were required.
            sql("update organization_variable set allowed_hosts = '{}' where organization_id = ? and name = ?", org,
                    "OLD_KEY");
            String id = connector(recorder.url(), Map.of("X-Key", "{{OLD_KEY}}"));
            test(Map.of("mcp_id", id)).body("success", equalTo(false))
                    .body("error", equalTo("The secret variable {{OLD_KEY}} has no allowed hosts (it was stored "
                            + "before they were required): edit the variable, enter its value again and list the "
                            + "hosts it may be sent to"));
            assertEquals(0, recorder.requests());
            as(alice).get(base + "/variables").then().statusCode(200)
                    .body("find { it.name == 'OLD_KEY' }.allowed_hosts", equalTo(List.of()));
        }
    }

    // --- unreadable secrets fail only what uses them ------------------------------------------------------

    @Test
    void unreadableSecretVariableFailsOnlyTheConnectorsThatUseIt() {
        try (TestMcpServer server = TestMcpServer.streamable().tools(1).start()) {
            secretVariable("LOST", "sk-lost", "127.0.0.1");
            secretVariable("KEPT", "sk-kept", "127.0.0.1");
            sql("update organization_variable set value = ? where organization_id = ? and name = 'LOST'",
                    SEALED_UNDER_A_LOST_KEY, org);
            String uses = connectorNamed(uniqueName("uses-lost"), server.url() + "?k={{LOST}}");
            String other = connector(server.url(), Map.of("X-Key", "{{KEPT}}"));
            test(Map.of("mcp_id", uses)).body("success", equalTo(false))
                    .body("error", equalTo("The secret variable {{LOST}} in the URL can't be read (it was sealed "
                            + "under a key this deployment no longer has): edit the variable and enter its value "
                            + "again"));
            test(Map.of("mcp_id", other)).body("success", equalTo(true)).body("tool_count", equalTo(1));
            String path = teammateWith(uses, other);
            as(alice).get(path + "/tools").then().statusCode(200)
                    .body("error", containsString("1 of 2 toolsets failed")).body("tool_count", equalTo(1));
            ValidatableResponse runtime = as(Tokens.runtime(org)).get(path + "/runtime").then().statusCode(200);
            List<Map<String, Object>> servers = runtime.extract().path("servers");
            assertEquals(1, servers.stream().filter(s -> s.get("error") == null).count());
            assertEquals(1, servers.stream().filter(s -> String.valueOf(s.get("error"))
                    .contains("{{LOST}} in the URL can't be read")).count());
        }
    }

    @Test
    void unreadableHeaderValueFailsOnlyItsConnector() {
        try (TestMcpServer server = TestMcpServer.streamable().tools(1).start()) {
            String name = uniqueName("lost-header");
            String broken = as(alice).body(Map.of("name", name, "url", server.url(),
                    "headers", Map.of("X-Key", "k"))).post(base + "/mcps").then().statusCode(201).extract().path("id");
            sql("update connector set headers = jsonb_build_object('X-Key', ?::text) where id = ?::uuid",
                    SEALED_UNDER_A_LOST_KEY, broken);
            String fine = connector(server.url(), Map.of("X-Key", "k"));
            test(Map.of("mcp_id", broken)).body("success", equalTo(false))
                    .body("error", equalTo("A stored header value of " + name + " can't be read (it was sealed under "
                            + "a key this deployment no longer has): edit the connector and enter its header values "
                            + "again"));
            as(alice).get(teammateWith(broken, fine) + "/tools").then().statusCode(200)
                    .body("error", containsString("1 of 2 toolsets failed")).body("tool_count", equalTo(1));
        }
    }

    @Test
    void unreadableIntegrationTokenFailsOnlyItsToolsets() {
        try (TestMcpServer server = TestMcpServer.streamable().tools(1).start()) {
            connectGoogle(alice, "alice-live-token", "alice-refresh", 3600);
            sql("update user_integration set access_token = ? where organization_id = ? and user_id = 'alice'",
                    SEALED_UNDER_A_LOST_KEY, org);
            test(Map.of("oauth_mcp", "gmail")).body("success", equalTo(false))
                    .body("error", equalTo("Your Google integration can't be read (its tokens were sealed under a "
                            + "key this deployment no longer has): connect it again on the Integrations page"));
            String path = teammateWith(connector(server.url(), Map.of()));
            as(alice).body(Map.of("oauth_mcp", "gmail")).post(path).then().statusCode(201);
            ValidatableResponse tools = as(alice).get(path + "/tools").then().statusCode(200)
                    .body("error", containsString("1 of 2 toolsets failed")).body("tool_count", equalTo(1));
            assertTrue(String.valueOf(byName(tools, "toolsets").get("Gmail").get("error"))
                    .contains("connect it again on the Integrations page"));
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
        // The gateway holds its upstream sessions open on purpose (teammate listings above used it): close them
        // first, so what is counted here is what the tester opened.
        gatewayUpstreams.dropAllSessions();
        long settled = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (egress.openExchanges() > 0 && System.nanoTime() < settled) {
            Thread.sleep(50);
        }
        assertEquals(0, egress.openExchanges(), "nothing open before the tester runs");
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
        problem(as(alice).body(Map.of()).post(base + "/mcps/test").then(), 400)
                .body("errors[0].field", equalTo("body"))
                .body("errors[0].message", equalTo("send exactly one of mcp_id and oauth_mcp"));
        problem(as(alice).body(Map.of("mcp_id", "00000000-0000-0000-0000-000000000000", "oauth_mcp", "gmail"))
                .post(base + "/mcps/test").then(), 400)
                .body("errors[0].message", equalTo("send exactly one of mcp_id and oauth_mcp"));
        problem(as(alice).body(Map.of("mcp_id", "00000000-0000-0000-0000-000000000000")).post(base + "/mcps/test")
                .then(), 404)
                .body("detail", equalTo("No connector 00000000-0000-0000-0000-000000000000 in this organization"));
        problem(as(alice).body(Map.of("oauth_mcp", "no_such_mcp")).post(base + "/mcps/test").then(), 404)
                .body("detail", equalTo("No predefined OAuth MCP 'no_such_mcp'; GET /mcps/oauth lists them"));
        String other = uniqueName("org-other");
        String otherConnector = as(Tokens.staff("carol", other)).body(Map.of("name", "x", "url",
                "https://mcp.example.com/mcp")).post("/api/organizations/" + other + "/mcps").then().statusCode(201)
                .extract().path("id");
        // Another organization's connector reads exactly like a missing one.
        problem(as(alice).body(Map.of("mcp_id", otherConnector)).post(base + "/mcps/test").then(), 404)
                .body("detail", equalTo("No connector " + otherConnector + " in this organization"));
        problem(as(Tokens.staff("mallory", "org-elsewhere")).body(Map.of("oauth_mcp", "gmail"))
                .post(base + "/mcps/test").then(), 403)
                .body("detail", containsString(org));
    }

    /** A problem document with this status. */
    private static ValidatableResponse problem(ValidatableResponse response, int status) {
        return response.statusCode(status).contentType("application/problem+json").body("status", equalTo(status));
    }

    // --- predefined OAuth MCPs ----------------------------------------------------------------------------

    @Test
    void oauthMcpNeedsTheCallersIntegration() {
        test(Map.of("oauth_mcp", "gmail"))
                .body("success", equalTo(false))
                .body("error", containsString("Google integration is not connected"))
                .body("toolsets[0].name", equalTo("Gmail"));
        String token = "alice-live-token-" + uniqueName("t");
        connectGoogle(alice, token, "alice-refresh", 3600);
        int seen = OAuthMcpServers.gmail.seenHeaders().size();
        test(Map.of("oauth_mcp", "gmail"))
                .body("success", equalTo(true))
                .body("tool_count", equalTo(2))
                .body("toolsets[0].name", equalTo("Gmail"));
        List<Map<String, String>> thisTest = seenSince(OAuthMcpServers.gmail, seen);
        assertTrue(!thisTest.isEmpty() && thisTest.stream()
                .allMatch(h -> ("Bearer " + token).equals(h.get("authorization"))), thisTest.toString());
        // Another member's test uses their own integration, not alice's.
        as(Tokens.staff("bob", org)).body(Map.of("oauth_mcp", "gmail")).post(base + "/mcps/test").then()
                .statusCode(200).body("success", equalTo(false))
                .body("error", containsString("Your Google integration is not connected"));
    }

    /** What a shared server saw since {@code from}: that server also serves other tests of this class. */
    private static List<Map<String, String>> seenSince(TestMcpServer server, int from) {
        List<Map<String, String>> all = server.seenHeaders();
        return all.subList(from, all.size());
    }

    @Test
    void expiredTokenIsRefreshedAndStored() {
        String firstRefresh = "alice-refresh-" + uniqueName("r");
        connectGoogle(alice, "alice-expired-token", firstRefresh, 0);
        int before = OAuthMcpServers.tokenRequests.size();
        int seen = OAuthMcpServers.gmail.seenHeaders().size();
        test(Map.of("oauth_mcp", "gmail")).body("success", equalTo(true));
        assertEquals(before + 1, OAuthMcpServers.tokenRequests.size());
        String form = OAuthMcpServers.tokenRequests.get(before);
        assertTrue(form.contains("grant_type=refresh_token") && form.contains("refresh_token=" + firstRefresh)
                && form.contains("client_id=" + OAuthMcpServers.CLIENT_ID), form);
        List<Map<String, String>> thisTest = seenSince(OAuthMcpServers.gmail, seen);
        assertTrue(!thisTest.isEmpty() && thisTest.stream().allMatch(h ->
                ("Bearer " + OAuthMcpServers.REFRESHED_ACCESS_TOKEN).equals(h.get("authorization"))),
                thisTest.toString());
        // Stored: the rotated refresh token replaced the old one, and the next test needs no refresh.
        assertEquals(OAuthMcpServers.REFRESHED_REFRESH_TOKEN, storedRefreshToken("alice"));
        test(Map.of("oauth_mcp", "gmail")).body("success", equalTo(true));
        assertEquals(before + 1, OAuthMcpServers.tokenRequests.size());
        // Once that expires too, the rotated refresh token is the one sent.
        sql("update user_integration set expires_at = now() - interval '1 hour' where organization_id = ? "
                + "and user_id = 'alice'", org);
        test(Map.of("oauth_mcp", "gmail")).body("success", equalTo(true));
        assertEquals(before + 2, OAuthMcpServers.tokenRequests.size());
        assertTrue(OAuthMcpServers.tokenRequests.get(before + 1).contains("refresh_token="
                + OAuthMcpServers.REFRESHED_REFRESH_TOKEN), OAuthMcpServers.tokenRequests.get(before + 1));
    }

    @Test
    void failedRefreshSaysSo() {
        connectGoogle(alice, "alice-expired-token", "revoked", 0);
        test(Map.of("oauth_mcp", "gmail"))
                .body("success", equalTo(false))
                .body("error", allOf(containsString("Refreshing the Google token failed"),
                        containsString("(invalid_grant)"), containsString("reconnect the integration"),
                        not(containsString("revoked"))));
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
            secretVariable("RUNTIME_KEY", "runtime-secret", "127.0.0.1");
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

            problem(as(alice).get(path + "/runtime").then(), 403)
                    .body("detail", containsString("get_employee_runtime"));
            problem(as(Tokens.ai(org)).get(path + "/runtime").then(), 403)
                    .body("detail", containsString("get_employee_runtime"));
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
                    .post(base + "/actions/get_employee_runtime").then().statusCode(403)
                    .contentType("application/problem+json").body("detail", containsString("get_employee_runtime"));
            as(Tokens.runtime(org)).body(Map.of("path_params", Map.of("employee_id", employee)))
                    .post(base + "/actions/get_employee_runtime").then().statusCode(200)
                    .body("servers[0].url", equalTo(server.url()));
        }
    }
}
