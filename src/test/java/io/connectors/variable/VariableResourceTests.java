package io.connectors.variable;

import io.agroal.api.AgroalDataSource;
import io.connectors.testsupport.Tokens;
import io.connectors.secret.SecretCipher;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;

import static io.connectors.testsupport.Api.as;
import static io.connectors.testsupport.Api.uniqueName;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

@QuarkusTest
class VariableResourceTests {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    SecretCipher cipher;

    /** Each test gets its own organization, so listings are exact. */
    static String org() {
        return uniqueName("org-vars");
    }

    @Test
    void putCreatesThenReplaces() {
        String org = org();
        String token = Tokens.staff("u", org);
        String base = "/api/organizations/" + org + "/variables/";
        as(token).body(Map.of("value", "mcp.example.com")).put(base + "MCP_HOST").then().statusCode(201)
                .body("name", equalTo("MCP_HOST")).body("value", equalTo("mcp.example.com"))
                .body("secret", equalTo(false));
        as(token).body(Map.of("value", "mcp.example.org")).put(base + "MCP_HOST").then().statusCode(200)
                .body("value", equalTo("mcp.example.org"));
        as(token).get("/api/organizations/" + org + "/variables").then().statusCode(200)
                .body("name", equalTo(java.util.List.of("MCP_HOST")));
    }

    @Test
    void secretValuesAreMaskedStoredSealedAndKeptByTheMask() throws Exception {
        String org = org();
        String token = Tokens.staff("u", org);
        String secret = "sk-" + uniqueName("secret");
        String base = "/api/organizations/" + org + "/variables/";
        as(token).body(Map.of("value", secret, "secret", true)).put(base + "API_KEY").then().statusCode(201)
                .body("value", equalTo("********")).body(not(containsString(secret)));
        as(token).get("/api/organizations/" + org + "/variables").then().statusCode(200)
                .body("value", hasItem("********")).body(not(containsString(secret)));
        assertFalse(storedValue(org, "API_KEY").contains(secret));

        as(token).body(Map.of("value", "********", "secret", true)).put(base + "API_KEY").then().statusCode(200);
        assertEquals(secret, cipher.decrypt(org, storedValue(org, "API_KEY")));
        // The mask can't turn a secret into a visible variable, nor create one.
        as(token).body(Map.of("value", "********", "secret", false)).put(base + "API_KEY").then().statusCode(400);
        as(token).body(Map.of("value", "********", "secret", true)).put(base + "NEW_ONE").then().statusCode(400);
    }

    @Test
    void namesAndValuesAreValidated() {
        String org = org();
        String token = Tokens.staff("u", org);
        String base = "/api/organizations/" + org + "/variables/";
        as(token).body(Map.of("value", "x")).put(base + "1ABC").then().statusCode(400)
                .body("errors[0].field", equalTo("name"));
        as(token).body(Map.of("value", "a\r\nb")).put(base + "OK").then().statusCode(400)
                .body("errors[0].field", equalTo("value"));
        as(token).body(Map.of()).put(base + "OK").then().statusCode(400);
    }

    @Test
    void deleteRemovesAndMissingIsNotFound() {
        String org = org();
        String token = Tokens.staff("u", org);
        String base = "/api/organizations/" + org + "/variables/";
        as(token).body(Map.of("value", "v")).put(base + "GONE").then().statusCode(201);
        as(token).delete(base + "GONE").then().statusCode(204);
        as(token).delete(base + "GONE").then().statusCode(404);
    }

    @Test
    void aiTeammateMayReadButNotWrite() {
        String org = org();
        String base = "/api/organizations/" + org + "/variables";
        as(Tokens.staff("u", org)).body(Map.of("value", "v")).put(base + "/READ_ME").then().statusCode(201);
        as(Tokens.ai(org)).get(base).then().statusCode(200).body("name", hasItem("READ_ME"));
        as(Tokens.ai(org)).body(Map.of("value", "v")).put(base + "/WRITE_ME").then().statusCode(403);
        as(Tokens.ai(org)).delete(base + "/READ_ME").then().statusCode(403);
    }

    @Test
    void variablesAreIsolatedPerOrganization() {
        String org = org();
        as(Tokens.staff("u", org)).body(Map.of("value", "v")).put("/api/organizations/" + org + "/variables/MINE")
                .then().statusCode(201);
        as(Tokens.staff("u", "org-b")).get("/api/organizations/org-b/variables").then().statusCode(200)
                .body("name", not(hasItem("MINE")));
        as(Tokens.staff("u", "org-b")).get("/api/organizations/" + org + "/variables").then().statusCode(403);
    }

    private String storedValue(String org, String name) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "select value from organization_variable where organization_id = ? and name = ?")) {
            s.setString(1, org);
            s.setString(2, name);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
