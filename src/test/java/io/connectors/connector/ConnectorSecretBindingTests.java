package io.connectors.connector;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.connectors.testsupport.Tokens;
import io.connectors.testsupport.mcp.TestMcpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.connectors.testsupport.Api.as;
import static io.connectors.testsupport.Api.uniqueName;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * SPEC "Secrets stay with the host they were given for": a stored header value is bound to the origin of the
 * connector's URL (after variable injection). Each test runs a server that holds the secret's rightful home and an
 * "attacker" server on another port (another origin) that records everything it receives; the attacker must never
 * see the secret, whichever way the connector is pointed at it.
 */
@QuarkusTest
class ConnectorSecretBindingTests {

    private static final String SECRET = "s3cret-for-the-home-server";
    private static final String MOVED = "the connector now points to another server; give this header's value again";

    @Inject
    // The JDBC datasource is the migrations' one (the default datasource is reactive only).
    @DataSource("migrations")
    AgroalDataSource dataSource;

    private String org;
    private String staff;
    private String base;
    private TestMcpServer home;
    private TestMcpServer attacker;

    @BeforeEach
    void servers() {
        org = uniqueName("org-bind");
        staff = Tokens.staff("alice", org);
        base = "/api/organizations/" + org;
        home = TestMcpServer.streamable().requireHeader("X-Api-Key", SECRET).start();
        attacker = TestMcpServer.streamable().start();
    }

    @AfterEach
    void noSecretReachedTheAttacker() {
        try {
            assertFalse(attacker.received(SECRET), "the stored secret reached a server it was not given for");
        } finally {
            home.close();
            attacker.close();
        }
    }

    private String connector(String url, Map<String, String> headers) {
        return as(staff).body(Map.of("name", uniqueName("bound"), "url", url, "headers", headers))
                .post(base + "/mcps").then().statusCode(201).extract().path("id");
    }

    private ValidatableResponse update(String id, Map<String, Object> body) {
        return as(staff).body(body).put(base + "/mcps/mcp/" + id).then();
    }

    private ValidatableResponse test(String id) {
        return as(staff).body(Map.of("mcp_id", id)).post(base + "/mcps/test").then().statusCode(200);
    }

    private void variable(String name, String value) {
        as(staff).body(Map.of("value", value)).put(base + "/variables/" + name).then().statusCode(
                anyOf(equalTo(200), equalTo(201)));
    }

    /** Changes the stored URL behind the service's back: what a bug in any other write path would do. */
    private void storeUrlDirectly(String id, String url) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("update connector set url = ? where id = ?")) {
            statement.setString(1, url);
            statement.setObject(2, UUID.fromString(id));
            assertEquals(1, statement.executeUpdate());
        }
    }

    @Test
    void movingAConnectorToAnotherServerWithItsHeadersLeftOutIsRefused() throws Exception {
        String id = connector(home.url(), Map.of("X-Api-Key", SECRET));

        update(id, Map.of("url", attacker.url())).statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("detail", equalTo("headers.X-Api-Key: " + MOVED))
                .body("errors", equalTo(List.of(Map.of("field", "headers.X-Api-Key", "message", MOVED))));

        as(staff).get(base + "/mcps/mcp/" + id).then().statusCode(200).body("url", equalTo(home.url()));
        test(id).body("error", nullValue()).body("success", equalTo(true));
        assertEquals(List.of(SECRET), home.headerValues("X-Api-Key").stream().distinct().toList());
        assertEquals(0, attacker.requests());
    }

    @Test
    void aConnectorMovedBehindTheServicesBackSendsNothing() throws Exception {
        String name = uniqueName("forced");
        String id = as(staff).body(Map.of("name", name, "url", home.url(), "headers", Map.of("X-Api-Key", SECRET)))
                .post(base + "/mcps").then().statusCode(201).extract().path("id");
        storeUrlDirectly(id, attacker.url());

        test(id).body("success", equalTo(false))
                .body("toolsets[0].error", allOf(containsString(name), containsString("another server"),
                        containsString("entered again"), not(containsString("127.0.0.1"))));
        assertEquals(0, attacker.requests());
    }

    @Test
    void maskedOrNullValuesCannotFollowTheConnectorToAnotherServer() {
        String id = connector(home.url(), Map.of("X-Api-Key", SECRET, "X-Tenant", "acme", "X-Region", "eu"));
        Map<String, Object> headers = new HashMap<>();
        headers.put("X-Api-Key", "********");
        headers.put("X-Tenant", null);
        headers.put("X-Region", "us");

        update(id, Map.of("url", attacker.url(), "headers", headers)).statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("2 fields are invalid; see errors"))
                .body("errors", equalTo(List.of(
                        Map.of("field", "headers.X-Api-Key", "message", MOVED),
                        Map.of("field", "headers.X-Tenant", "message", MOVED))));

        test(id).body("error", nullValue()).body("success", equalTo(true));
        assertEquals(0, attacker.requests());
    }

    @Test
    void givingEveryValueAgainMovesTheConnectorAndOnlyTheNewValueIsSent() {
        String id = connector(home.url(), Map.of("X-Api-Key", SECRET));

        update(id, Map.of("url", attacker.url(), "headers", Map.of("X-Api-Key", "value-for-the-new-server")))
                .statusCode(200).body("url", equalTo(attacker.url())).body("headers.X-Api-Key", equalTo("********"));

        test(id).body("error", nullValue()).body("success", equalTo(true));
        assertEquals(List.of("value-for-the-new-server"),
                attacker.headerValues("X-Api-Key").stream().distinct().toList());
    }

    @Test
    void aChangedVariableInTheHostFailsTheConnectorOnEveryPathAndSendsNothing() {
        variable("MCP_HOST", "127.0.0.1:" + home.port());
        String name = uniqueName("templated");
        String id = as(staff).body(Map.of("name", name, "url", "http://{{MCP_HOST}}/mcp",
                        "headers", Map.of("X-Api-Key", SECRET)))
                .post(base + "/mcps").then().statusCode(201).extract().path("id");
        test(id).body("error", nullValue()).body("success", equalTo(true));
        String employee = uniqueName("teammate");
        as(staff).body(Map.of("mcp_id", id)).post(base + "/mcps/employee/" + employee).then().statusCode(201);

        // A member changes the (non-secret) variable: the URL now renders to the other server.
        variable("MCP_HOST", "127.0.0.1:" + attacker.port());

        test(id).body("success", equalTo(false))
                .body("error", allOf(containsString(name), containsString("another server"),
                        containsString("entered again"), not(containsString("127.0.0.1"))));
        as(staff).get(base + "/mcps/employee/" + employee + "/tools").then().statusCode(200)
                .body("success", equalTo(false))
                .body("toolsets[0].error", containsString("entered again"));
        as(Tokens.runtime(org)).get(base + "/mcps/employee/" + employee + "/runtime").then().statusCode(200)
                .body("servers[0].url", equalTo(null))
                .body("servers[0].headers", equalTo(Map.of()))
                .body("servers[0].error", containsString("entered again"))
                .body(not(containsString(SECRET)));
        assertEquals(0, attacker.requests());

        // Saving without the values is refused for the same reason; giving the value binds it to the new server.
        update(id, Map.of("name", name)).statusCode(400)
                .body("errors", equalTo(List.of(Map.of("field", "headers.X-Api-Key", "message", MOVED))));
        update(id, Map.of("headers", Map.of("X-Api-Key", "value-for-the-new-server"))).statusCode(200);
        test(id).body("error", nullValue()).body("success", equalTo(true));
        assertEquals(List.of("value-for-the-new-server"),
                attacker.headerValues("X-Api-Key").stream().distinct().toList());
    }

    @Test
    void headerValuesNeedTheVariablesOfTheUrlDefined() {
        as(staff).body(Map.of("name", uniqueName("undefined"), "url", "http://{{NO_SUCH_HOST}}/mcp",
                        "headers", Map.of("X-Api-Key", SECRET)))
                .post(base + "/mcps").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors", equalTo(List.of(Map.of("field", "url", "message",
                        "references {{NO_SUCH_HOST}}, which is not defined; define the variable before giving "
                                + "header values"))));
        as(staff).body(Map.of("name", uniqueName("undefined"), "url", "http://{{NO_SUCH_HOST}}/mcp"))
                .post(base + "/mcps").then().statusCode(201);
    }

    @Test
    void theSameOriginSpelledDifferentlyKeepsTheHeaders() {
        String id = connector(home.url(), Map.of("X-Api-Key", SECRET));

        update(id, Map.of("url", "HTTP://127.0.0.1:" + home.port() + "/mcp?v=2")).statusCode(200)
                .body("headers.X-Api-Key", equalTo("********"));
        update(id, Map.of("url", home.url())).statusCode(200);

        test(id).body("error", nullValue()).body("success", equalTo(true));
    }

    @Test
    void aConnectorStoredBeforeTheBindingIsBoundToItsUrlsOriginByTheMigration() throws Exception {
        String id = connector(home.url(), Map.of("X-Api-Key", SECRET));
        String templated = connector(home.url(), Map.of("X-Api-Key", SECRET));
        // As stored before the binding existed: no origin, a URL spelled in other case, one host from a variable.
        variable("LEGACY_HOST", "127.0.0.1:" + home.port());
        unbind(id, "HTTP://127.0.0.1:" + home.port() + "/mcp");
        unbind(templated, "http://{{LEGACY_HOST}}/mcp");
        backfill(id);
        backfill(templated);

        test(id).body("error", nullValue()).body("success", equalTo(true));
        // A variable host had no origin to bind to: its values must be entered again before they are sent.
        test(templated).body("success", equalTo(false)).body("error", containsString("entered again"));
        update(templated, Map.of("headers", Map.of("X-Api-Key", SECRET))).statusCode(200);
        test(templated).body("error", nullValue()).body("success", equalTo(true));
    }

    private void unbind(String id, String url) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "update connector set headers_origin = null, url = ? where id = ?")) {
            statement.setString(1, url);
            statement.setObject(2, UUID.fromString(id));
            assertEquals(1, statement.executeUpdate());
        }
    }

    /** Runs the migration's backfill statement, as shipped, on one row. */
    private void backfill(String id) throws Exception {
        String migration;
        try (var in = getClass().getResourceAsStream("/db/migration/V2__connector_headers_origin.sql")) {
            migration = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String update = migration.substring(migration.indexOf("update connector"));
        update = update.substring(0, update.indexOf(';'));
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(update + " and id = ?")) {
            statement.setObject(1, UUID.fromString(id));
            assertEquals(1, statement.executeUpdate());
        }
    }
}
