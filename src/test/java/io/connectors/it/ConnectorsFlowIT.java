package io.connectors.it;

import io.connectors.testsupport.PackagedAppEnvironment;
import io.connectors.testsupport.Tokens;
import io.connectors.testsupport.mcp.TestMcpServer;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The black-box flow against the packaged application in the prod profile: the jar in {@code ./mvnw verify}, the
 * native binary with {@code -Dnative}: connector CRUD, assignments, secret variables, a real MCP test against a
 * server on 127.0.0.1, security, request ids, metrics, and JSON logs that hold no secret. Only HTTP in and the
 * application's log out.
 */
@QuarkusIntegrationTest
@WithTestResource(PackagedAppEnvironment.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectorsFlowIT {

    static final String ORG = Tokens.DEFAULT_ORG;
    static final String SECRET_HEADER_VALUE = "Bearer it-header-secret-" + UUID.randomUUID();
    static final String UPDATED_SECRET_HEADER_VALUE = "it-updated-secret-" + UUID.randomUUID();
    static final String SECRET_VARIABLE_VALUE = "it-variable-secret-" + UUID.randomUUID();
    static final String TOKEN = Tokens.staff();

    static RequestSpecification staff() {
        return given().auth().oauth2(TOKEN).contentType(ContentType.JSON);
    }

    /** A secret variable's body as SPEC requires it: value, secret, and the hosts it may be sent to. */
    static Map<String, Object> secretVariable(String value, String... allowedHosts) {
        return Map.of("value", value, "secret", true, "allowed_hosts", List.of(allowedHosts));
    }

    private static boolean ready;

    /**
     * Migrations run in the background in prod: wait until the service says it is ready. Before each test rather
     * than all, because the test port is only set up for RestAssured by then.
     */
    @BeforeEach
    void awaitReadiness() throws InterruptedException {
        if (ready) {
            return;
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        Response last = null;
        while (System.nanoTime() < deadline) {
            last = given().get("/q/health/ready");
            if (last.statusCode() == 200) {
                ready = true;
                return;
            }
            Thread.sleep(200);
        }
        fail("never ready: " + (last == null ? "no answer" : last.asString()));
    }

    @Test
    @Order(1)
    void healthEndpointsAnswer() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'database' }.status", equalTo("UP"));
        given().get("/q/health/started").then().statusCode(200);
    }

    @Test
    @Order(2)
    void connectorLifecycle() {
        String name = "it-connector-" + UUID.randomUUID();
        String id = staff()
                .body(Map.of("name", name, "url", "https://mcp.example.com/mcp",
                        "headers", Map.of("Authorization", SECRET_HEADER_VALUE)))
                .post("/api/organizations/{org}/mcps", ORG)
                .then().statusCode(201)
                .body("headers.Authorization", not(containsString("it-header-secret")))
                .extract().path("id");

        staff().get("/api/organizations/{org}/mcps/mcp/{id}", ORG, id)
                .then().statusCode(200).body("name", equalTo(name));
        staff().get("/api/organizations/{org}/mcps", ORG)
                .then().statusCode(200).body("name", hasItem(name));

        staff().body(Map.of("name", name + "-renamed", "url", "https://mcp.example.com/v2/mcp",
                        "headers", Map.of("Authorization", UPDATED_SECRET_HEADER_VALUE)))
                .put("/api/organizations/{org}/mcps/mcp/{id}", ORG, id)
                .then().statusCode(200).body("name", equalTo(name + "-renamed"));

        staff().body(Map.of("name", name + "-renamed", "url", "https://mcp.example.com/mcp"))
                .post("/api/organizations/{org}/mcps", ORG)
                .then().statusCode(409).contentType("application/problem+json");

        staff().delete("/api/organizations/{org}/mcps/mcp/{id}", ORG, id).then().statusCode(204);
        staff().get("/api/organizations/{org}/mcps/mcp/{id}", ORG, id).then().statusCode(404);
    }

    @Test
    @Order(3)
    void assignmentLifecycle() {
        String id = staff()
                .body(Map.of("name", "it-assigned-" + UUID.randomUUID(), "url", "https://mcp.example.com/mcp"))
                .post("/api/organizations/{org}/mcps", ORG)
                .then().statusCode(201).extract().path("id");
        String employee = "teammate-" + UUID.randomUUID().toString().substring(0, 8);
        staff().body(Map.of("mcp_id", id)).post("/api/organizations/{org}/mcps/employee/{e}", ORG, employee)
                .then().statusCode(201);
        staff().body(Map.of("mcp_id", id)).post("/api/organizations/{org}/mcps/employee/{e}", ORG, employee)
                .then().statusCode(200);
        staff().body(Map.of("oauth_mcp", "gmail")).post("/api/organizations/{org}/mcps/employee/{e}", ORG, employee)
                .then().statusCode(201);
        staff().get("/api/organizations/{org}/mcps/employee/{e}", ORG, employee)
                .then().statusCode(200).body("size()", equalTo(2));
        staff().queryParam("mcp_id", id).delete("/api/organizations/{org}/mcps/employee/{e}", ORG, employee)
                .then().statusCode(204);
        staff().get("/api/organizations/{org}/mcps/employee/{e}", ORG, employee)
                .then().statusCode(200).body("size()", equalTo(1));
    }

    @Test
    @Order(4)
    void secretVariablesAreMasked() {
        staff().body(secretVariable(SECRET_VARIABLE_VALUE, "mcp.example.com"))
                .put("/api/organizations/{org}/variables/{name}", ORG, "IT_API_KEY")
                .then().statusCode(201).body("value", equalTo("********"))
                .body("allowed_hosts", equalTo(List.of("mcp.example.com")))
                .body(not(containsString(SECRET_VARIABLE_VALUE)));
        staff().get("/api/organizations/{org}/variables", ORG)
                .then().statusCode(200).body(not(containsString(SECRET_VARIABLE_VALUE)));
    }

    @Test
    @Order(4)
    void secretVariableWithoutAllowedHostsIsRefused() {
        staff().body(Map.of("value", SECRET_VARIABLE_VALUE, "secret", true))
                .put("/api/organizations/{org}/variables/{name}", ORG, "IT_NO_HOSTS")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("allowed_hosts"))
                .body(not(containsString(SECRET_VARIABLE_VALUE)));
    }

    @Test
    @Order(5)
    void realMcpServerIsTestedWithItsSecretHeaderAndListedForTheTeammate() {
        // The MCP server runs in this test JVM on 127.0.0.1 and demands the secret header; the service under test
        // resolves the header from a secret variable, so secrets cross the whole path.
        try (TestMcpServer server = TestMcpServer.streamable().tools(3)
                .requireHeader("X-Api-Key", SECRET_VARIABLE_VALUE).start()) {
            staff().body(secretVariable(SECRET_VARIABLE_VALUE, "127.0.0.1"))
                    .put("/api/organizations/{org}/variables/{name}", ORG, "IT_MCP_KEY")
                    .then().statusCode(201);
            String name = "it-mcp-" + UUID.randomUUID();
            String id = staff().body(Map.of("name", name, "url", server.url(),
                            "headers", Map.of("X-Api-Key", "{{IT_MCP_KEY}}")))
                    .post("/api/organizations/{org}/mcps", ORG)
                    .then().statusCode(201).extract().path("id");
            staff().body(Map.of("mcp_id", id)).post("/api/organizations/{org}/mcps/test", ORG)
                    .then().statusCode(200)
                    .body("success", equalTo(true))
                    .body("tool_count", equalTo(3))
                    .body("toolsets[0].tools.name", equalTo(List.of("tool-1", "tool-2", "tool-3")));

            String employee = "teammate-" + UUID.randomUUID().toString().substring(0, 8);
            staff().body(Map.of("mcp_id", id)).post("/api/organizations/{org}/mcps/employee/{e}", ORG, employee)
                    .then().statusCode(201);
            given().auth().oauth2(Tokens.ai(ORG))
                    .get("/api/organizations/{org}/mcps/employee/{e}/tools", ORG, employee)
                    .then().statusCode(200).body("tool_count", equalTo(3));
        }
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("connectors_tests_total{"), "tester runs are counted");
        assertTrue(metrics.contains("outcome=\"success\""), "tester outcomes are tagged");
    }

    @Test
    @Order(6)
    void securityIsEnforcedInProd() {
        given().get("/api/organizations/{org}/mcps", ORG).then().statusCode(401);
        given().auth().oauth2(Tokens.staff("user-9", Tokens.OTHER_ORG))
                .get("/api/organizations/{org}/mcps", ORG).then().statusCode(403);
        given().auth().oauth2(Tokens.ai(ORG)).delete("/api/organizations/{org}/mcps/mcp/{id}", ORG,
                UUID.randomUUID()).then().statusCode(403);
    }

    @Test
    @Order(7)
    void requestIdsAreEchoedAndKeptWhenWellFormed() {
        String mine = "it-request-" + UUID.randomUUID();
        given().header("X-Request-Id", mine).get("/q/health/live").then().header("X-Request-Id", mine);
        given().header("X-Request-Id", "bad id <script>").get("/q/health/live")
                .then().header("X-Request-Id", not(containsString("script")));
        given().get("/q/health/live").then().header("X-Request-Id", org.hamcrest.Matchers.matchesPattern("[0-9a-f-]{36}"));
    }

    @Test
    @Order(8)
    void metricsExposeHttpTimersPerRoute() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("http_server_requests_seconds_count"), "HTTP timers are published");
        assertTrue(metrics.contains("uri=\"/api/organizations/{orgId}/mcps\""),
                "URIs are route templates, not raw paths (bounded cardinality)");
    }

    @Test
    @Order(100)
    void logIsJsonWithRequestIdsAndHoldsNoSecret() throws IOException {
        // Self-contained: this test stores its own secrets and sends them down every path that could log them
        // (create, update, variables, a test that succeeds, one that is refused, one that fails remotely).
        String headerSecret = "Bearer it-log-header-" + UUID.randomUUID();
        String updatedHeaderSecret = "it-log-updated-" + UUID.randomUUID();
        String variableSecret = "it-log-variable-" + UUID.randomUUID();
        String suffix = UUID.randomUUID().toString().substring(0, 8).replace('-', '_');
        try (TestMcpServer server = TestMcpServer.streamable().requireHeader("X-Api-Key", variableSecret).start();
                TestMcpServer denied = TestMcpServer.streamable().unauthorized().start()) {
            staff().body(secretVariable(variableSecret, "127.0.0.1"))
                    .put("/api/organizations/{org}/variables/{name}", ORG, "IT_LOG_KEY_" + suffix)
                    .then().statusCode(201);
            staff().body(secretVariable(variableSecret, "mcp.example.com"))
                    .put("/api/organizations/{org}/variables/{name}", ORG, "IT_LOG_ELSEWHERE_" + suffix)
                    .then().statusCode(201);
            String good = staff().body(Map.of("name", "it-log-" + suffix, "url", server.url() + "?k={{IT_LOG_KEY_"
                            + suffix + "}}", "headers", Map.of("X-Api-Key", "{{IT_LOG_KEY_" + suffix + "}}",
                            "Authorization", headerSecret)))
                    .post("/api/organizations/{org}/mcps", ORG).then().statusCode(201).extract().path("id");
            staff().body(Map.of("headers", Map.of("X-Api-Key", "{{IT_LOG_KEY_" + suffix + "}}",
                            "Authorization", updatedHeaderSecret)))
                    .put("/api/organizations/{org}/mcps/mcp/{id}", ORG, good).then().statusCode(200);
            staff().body(Map.of("mcp_id", good)).post("/api/organizations/{org}/mcps/test", ORG)
                    .then().statusCode(200).body("success", equalTo(true));
            String refused = staff().body(Map.of("name", "it-log-refused-" + suffix, "url", server.url(),
                            "headers", Map.of("X-Api-Key", "{{IT_LOG_ELSEWHERE_" + suffix + "}}")))
                    .post("/api/organizations/{org}/mcps", ORG).then().statusCode(201).extract().path("id");
            staff().body(Map.of("mcp_id", refused)).post("/api/organizations/{org}/mcps/test", ORG)
                    .then().statusCode(200).body("success", equalTo(false))
                    .body("error", containsString("{{IT_LOG_ELSEWHERE_" + suffix + "}} may not be sent"));
            String failing = staff().body(Map.of("name", "it-log-denied-" + suffix, "url", denied.url(),
                            "headers", Map.of("Authorization", headerSecret)))
                    .post("/api/organizations/{org}/mcps", ORG).then().statusCode(201).extract().path("id");
            staff().body(Map.of("mcp_id", failing)).post("/api/organizations/{org}/mcps/test", ORG)
                    .then().statusCode(200).body("success", equalTo(false));
        }
        String marker = "it-log-marker-" + UUID.randomUUID();
        // Every request leaves an access-log line carrying its id.
        staff().header("X-Request-Id", marker).get("/api/organizations/{org}/mcps", ORG).then().statusCode(200);
        Path log = Path.of("target", "quarkus.log");
        String text = awaitLogContaining(log, marker);
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        assertFalse(lines.isEmpty());
        for (String line : lines) {
            assertTrue(line.startsWith("{") && line.endsWith("}"), "prod logs are JSON, one object per line: " + line);
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"request_id\":\"" + marker + "\"")),
                "log records carry the request id");
        for (String secret : List.of(headerSecret, updatedHeaderSecret, "it-log-header-", "it-log-updated-",
                variableSecret, "it-log-variable-", SECRET_HEADER_VALUE, UPDATED_SECRET_HEADER_VALUE,
                SECRET_VARIABLE_VALUE, TOKEN, PackagedAppEnvironment.SECRETS_KEY)) {
            assertFalse(text.contains(secret), "a secret reached the log: " + secret.substring(0, 12) + "...");
        }
    }

    private static String awaitLogContaining(Path log, String marker) throws IOException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        String text = "";
        while (System.nanoTime() < deadline) {
            text = Files.exists(log) ? Files.readString(log) : "";
            if (text.contains(marker)) {
                return text;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        fail("the request id " + marker + " never reached " + log);
        return text;
    }
}
