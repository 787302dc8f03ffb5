package io.connectors.variable;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.connectors.testsupport.Tokens;
import io.connectors.secret.SecretCipher;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

import static io.connectors.testsupport.Api.as;
import static io.connectors.testsupport.Api.uniqueName;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

@QuarkusTest
class VariableResourceTests {

    @Inject
    // The JDBC datasource is the migrations' one (the default datasource is reactive only).
    @DataSource("migrations")
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
        as(token).body(secretBody(secret, "mcp.example.com")).put(base + "API_KEY").then().statusCode(201)
                .body("value", equalTo("********")).body(not(containsString(secret)))
                .body("allowed_hosts", equalTo(List.of("mcp.example.com")));
        as(token).get("/api/organizations/" + org + "/variables").then().statusCode(200)
                .body("value", hasItem("********")).body(not(containsString(secret)));
        assertFalse(storedValue(org, "API_KEY").contains(secret));

        as(token).body(secretBody("********", "mcp.example.com")).put(base + "API_KEY").then().statusCode(200);
        assertEquals(secret, cipher.decrypt(org, storedValue(org, "API_KEY")));
        // The mask can't turn a secret into a visible variable, nor create one.
        as(token).body(Map.of("value", "********", "secret", false)).put(base + "API_KEY").then().statusCode(400)
                .body("errors[0].field", equalTo("value"))
                .body("errors[0].message", equalTo("the mask keeps a stored secret value only; send the value"));
        as(token).body(secretBody("********", "mcp.example.com")).put(base + "NEW_ONE").then().statusCode(400)
                .body("errors[0].message", equalTo("the mask keeps a stored secret value only; send the value"));
    }

    @Test
    void secretWithoutAllowedHostsIsRefused() {
        String org = org();
        String token = Tokens.staff("u", org);
        String base = "/api/organizations/" + org + "/variables/";
        Map<String, Object> missing = Map.of("value", "sk-1", "secret", true);
        for (Map<String, Object> body : List.of(missing, secretBody("sk-1"))) {
            as(token).body(body).put(base + "API_KEY").then().statusCode(400)
                    .body("errors[0].field", equalTo("allowed_hosts"))
                    .body("errors[0].message", startsWith("are required for a secret variable"));
        }
        as(token).get("/api/organizations/" + org + "/variables").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void allowedHostsAreValidatedAndShownNormalized() {
        String org = org();
        String token = Tokens.staff("u", org);
        String base = "/api/organizations/" + org + "/variables/";
        as(token).body(secretBody("sk-1", "https://mcp.example.com", "*.com", "0177.0.0.1", "ok.example.com"))
                .put(base + "API_KEY").then().statusCode(400)
                .body("errors.field", equalTo(List.of("allowed_hosts[0]", "allowed_hosts[1]", "allowed_hosts[2]")))
                .body("errors[2].message", containsString("not a valid IPv4 address"));
        String[] tooMany = new String[AllowedHosts.MAX_ENTRIES + 1];
        for (int i = 0; i < tooMany.length; i++) {
            tooMany[i] = "h" + i + ".example.com";
        }
        as(token).body(secretBody("sk-1", tooMany)).put(base + "API_KEY").then().statusCode(400)
                .body("errors[0].field", equalTo("allowed_hosts"))
                .body("errors[0].message", equalTo("at most 32 hosts are allowed"));
        as(token).body(secretBody("sk-1", "MCP.Example.COM.", "*.Tenant.example.com", "[::1]", "mcp.example.com"))
                .put(base + "API_KEY").then().statusCode(201);
        as(token).get("/api/organizations/" + org + "/variables").then().statusCode(200)
                .body("[0].allowed_hosts", equalTo(List.of("mcp.example.com", "*.tenant.example.com", "::1")));
    }

    @Test
    void allowedHostsOfAVisibleVariableAreRefused() {
        String org = org();
        String base = "/api/organizations/" + org + "/variables/";
        as(Tokens.staff("u", org)).body(Map.of("value", "v", "secret", false, "allowed_hosts",
                List.of("mcp.example.com"))).put(base + "PLAIN").then().statusCode(400)
                .body("errors[0].field", equalTo("allowed_hosts"))
                .body("errors[0].message", startsWith("apply only to secret variables"));
        as(Tokens.staff("u", org)).body(Map.of("value", "v", "allowed_hosts", List.of())).put(base + "PLAIN")
                .then().statusCode(201).body("allowed_hosts", equalTo(List.of()));
    }

    @Test
    void theMaskKeepsASecretOnlyForTheHostsItWasGivenFor() throws Exception {
        String org = org();
        String token = Tokens.staff("u", org);
        String base = "/api/organizations/" + org + "/variables/";
        as(token).body(secretBody("sk-kept", "a.example.com", "b.example.com")).put(base + "API_KEY").then()
                .statusCode(201);
        // Widening where the secret may go needs the value again.
        as(token).body(secretBody("********", "a.example.com", "evil.example.net")).put(base + "API_KEY").then()
                .statusCode(400).body("errors[0].field", equalTo("value"))
                .body("errors[0].message", startsWith("the stored value was not given for evil.example.net"));
        // Narrowing keeps it.
        as(token).body(secretBody("********", "a.example.com")).put(base + "API_KEY").then().statusCode(200)
                .body("allowed_hosts", equalTo(List.of("a.example.com")));
        assertEquals("sk-kept", cipher.decrypt(org, storedValue(org, "API_KEY")));
        // A new value may go anywhere its owner lists.
        as(token).body(secretBody("sk-new", "evil.example.net")).put(base + "API_KEY").then().statusCode(200)
                .body("allowed_hosts", equalTo(List.of("evil.example.net")));
        assertEquals("sk-new", cipher.decrypt(org, storedValue(org, "API_KEY")));
    }

    /** A secret variable's body as SPEC requires it: value, secret, and the hosts it may be sent to. */
    static Map<String, Object> secretBody(String value, String... allowedHosts) {
        return Map.of("value", value, "secret", true, "allowed_hosts", List.of(allowedHosts));
    }

    @Test
    void namesAndValuesAreValidated() {
        String org = org();
        String token = Tokens.staff("u", org);
        String base = "/api/organizations/" + org + "/variables/";
        as(token).body(Map.of("value", "x")).put(base + "1ABC").then().statusCode(400)
                .body("errors[0].field", equalTo("name"));
        as(token).body(Map.of("value", "a\r\nb")).put(base + "OK").then().statusCode(400)
                .body("errors[0].field", equalTo("value"))
                .body("errors[0].message", equalTo("must not contain line breaks or NUL (values go into URLs and "
                        + "headers)"));
        as(token).body(Map.of()).put(base + "OK").then().statusCode(400)
                .body("errors[0].field", equalTo("value")).body("errors[0].message", equalTo("is required"));
    }

    @Test
    void deleteRemovesAndMissingIsNotFound() {
        String org = org();
        String token = Tokens.staff("u", org);
        String base = "/api/organizations/" + org + "/variables/";
        as(token).body(Map.of("value", "v")).put(base + "GONE").then().statusCode(201);
        as(token).delete(base + "GONE").then().statusCode(204);
        as(token).delete(base + "GONE").then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("No variable GONE in this organization"));
    }

    @Test
    void aiTeammateMayReadButNotWrite() {
        String org = org();
        String base = "/api/organizations/" + org + "/variables";
        as(Tokens.staff("u", org)).body(Map.of("value", "v")).put(base + "/READ_ME").then().statusCode(201);
        as(Tokens.ai(org)).get(base).then().statusCode(200).body("name", hasItem("READ_ME"));
        as(Tokens.ai(org)).body(Map.of("value", "v")).put(base + "/WRITE_ME").then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("put_variable"));
        as(Tokens.ai(org)).delete(base + "/READ_ME").then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("delete_variable"));
        as(Tokens.staff("u", org)).get(base).then().statusCode(200).body("name", equalTo(List.of("READ_ME")));
    }

    @Test
    void variablesAreIsolatedPerOrganization() {
        String org = org();
        as(Tokens.staff("u", org)).body(Map.of("value", "v")).put("/api/organizations/" + org + "/variables/MINE")
                .then().statusCode(201);
        as(Tokens.staff("u", "org-b")).get("/api/organizations/org-b/variables").then().statusCode(200)
                .body("name", not(hasItem("MINE")));
        as(Tokens.staff("u", "org-b")).get("/api/organizations/" + org + "/variables").then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString(org))
                .body(not(containsString("MINE")));
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
