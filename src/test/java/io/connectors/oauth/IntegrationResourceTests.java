package io.connectors.oauth;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.connectors.testsupport.Tokens;
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
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

@QuarkusTest
class IntegrationResourceTests {

    static final List<String> GOOGLE_SCOPES = List.of("https://www.googleapis.com/auth/gmail.modify",
            "https://www.googleapis.com/auth/calendar", "https://www.googleapis.com/auth/drive");

    @Inject
    // The JDBC datasource is the migrations' one (the default datasource is reactive only).
    @DataSource("migrations")
    AgroalDataSource dataSource;

    @Test
    void predefinedOAuthMcpsShowConnectedForTheCallerOnly() {
        String org = uniqueName("org-int");
        String alice = Tokens.staff("alice", org);
        String bob = Tokens.staff("bob", org);
        String base = "/api/organizations/" + org;
        as(alice).get(base + "/mcps/oauth").then().statusCode(200)
                .body("key", equalTo(List.of("gmail", "google_calendar", "google_drive")))
                .body("name", equalTo(List.of("Gmail", "Google Calendar", "Google Drive")))
                .body("provider", equalTo(List.of("google", "google", "google")))
                .body("connected", equalTo(List.of(false, false, false)))
                .body("find { it.key == 'google_drive' }.toolsets.name", equalTo(List.of("drive", "sheets")));

        as(alice).body(Map.of("access_token", "ya29.alice", "refresh_token", "1//alice", "expires_in", 3600,
                "scopes", GOOGLE_SCOPES)).put(base + "/integrations/google").then().statusCode(200)
                .body("provider", equalTo("google")).body("connected", equalTo(true))
                .body("expires_at", notNullValue())
                .body(not(containsString("ya29.alice"))).body(not(containsString("1//alice")));

        as(alice).get(base + "/mcps/oauth").then().body("connected", equalTo(List.of(true, true, true)));
        as(bob).get(base + "/mcps/oauth").then().body("connected", equalTo(List.of(false, false, false)));
        as(alice).get(base + "/integrations").then().statusCode(200)
                .body("[0].provider", equalTo("google")).body("[0].connected", equalTo(true))
                .body("[0].scopes", equalTo(GOOGLE_SCOPES))
                .body(not(containsString("ya29.alice")));
    }

    @Test
    void missingScopeMeansNotConnectedForThatOAuthMcp() {
        String org = uniqueName("org-int");
        String alice = Tokens.staff("alice", org);
        String base = "/api/organizations/" + org;
        as(alice).body(Map.of("access_token", "ya29.partial", "scopes", List.of(GOOGLE_SCOPES.get(0))))
                .put(base + "/integrations/google").then().statusCode(200)
                .body("connected", equalTo(true)).body("scopes", equalTo(List.of(GOOGLE_SCOPES.get(0))));
        as(alice).get(base + "/mcps/oauth").then().statusCode(200)
                .body("connected", equalTo(List.of(true, false, false)));
    }

    @Test
    void tokensAreStoredSealedAndDisconnectForgetsThem() throws Exception {
        String org = uniqueName("org-int");
        String alice = Tokens.staff("alice", org);
        String base = "/api/organizations/" + org;
        as(alice).body(Map.of("access_token", "ya29.sealed-access", "refresh_token", "1//sealed-refresh"))
                .put(base + "/integrations/google").then().statusCode(200).body("connected", equalTo(true));
        String stored = storedTokens(org);
        assertNotNull(stored);
        assertFalse(stored.contains("ya29.sealed-access"), stored);
        assertFalse(stored.contains("1//sealed-refresh"), stored);

        as(alice).delete(base + "/integrations/google").then().statusCode(204);
        as(alice).delete(base + "/integrations/google").then().statusCode(204);
        as(alice).get(base + "/integrations").then().statusCode(200).body("[0].connected", equalTo(false));
        assertNull(storedTokens(org));
    }

    @Test
    void badTokensAndUnknownProvidersAreRejected() {
        String org = uniqueName("org-int");
        String alice = Tokens.staff("alice", org);
        String base = "/api/organizations/" + org;
        as(alice).body(Map.of("refresh_token", "r")).put(base + "/integrations/google").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("access_token: is required"));
        as(alice).body(Map.of("access_token", "a b")).put(base + "/integrations/google").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("access_token: must be printable ASCII without spaces"));
        as(alice).body(Map.of("access_token", "a", "expires_in", -5)).put(base + "/integrations/google")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("expires_in: must be a number of seconds from 0 to ten years"));
        as(alice).body(Map.of("access_token", "a", "scopes", List.of("two words"))).put(base + "/integrations/google")
                .then().statusCode(400).body("detail", equalTo("scopes: must be scope strings without spaces"));
        as(alice).body(Map.of("access_token", "a")).put(base + "/integrations/dropbox").then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("No integration provider 'dropbox'"));
        // Nothing was stored by any of the refused requests.
        as(alice).get(base + "/integrations").then().statusCode(200).body("[0].connected", equalTo(false));
    }

    @Test
    void aiTeammateMayReadButNotConnect() {
        String org = uniqueName("org-int");
        String base = "/api/organizations/" + org;
        as(Tokens.ai(org)).get(base + "/integrations").then().statusCode(200)
                .body("[0].provider", equalTo("google")).body("[0].connected", equalTo(false));
        as(Tokens.ai(org)).get(base + "/mcps/oauth").then().statusCode(200)
                .body("key", equalTo(List.of("gmail", "google_calendar", "google_drive")));
        as(Tokens.ai(org)).body(Map.of("access_token", "a")).put(base + "/integrations/google").then().statusCode(403)
                .contentType("application/problem+json")
                .body("detail", equalTo("The action put_integration is not available to AI teammates; a person must do it"));
        as(Tokens.ai(org)).delete(base + "/integrations/google").then().statusCode(403)
                .body("detail", equalTo("The action delete_integration is not available to AI teammates; a person must "
                        + "do it"));
    }

    private String storedTokens(String org) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "select access_token || ' ' || refresh_token from user_integration where organization_id = ?")) {
            s.setString(1, org);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
