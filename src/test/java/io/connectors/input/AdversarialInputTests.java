package io.connectors.input;

import io.connectors.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.connectors.testsupport.Api.as;
import static io.connectors.testsupport.Api.uniqueName;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Requests built to make the {@code {{…}}} scanning slow answer at once (the pattern it replaced held an event-loop
 * thread for minutes on one such request).
 */
@QuarkusTest
class AdversarialInputTests {

    private static final Duration QUICKLY = Duration.ofSeconds(5);

    private String token;
    private String base;

    @BeforeEach
    void newOrganization() {
        String org = uniqueName("org-input");
        token = Tokens.staff("alice", org);
        base = "/api/organizations/" + org;
        as(token).get(base + "/mcps").then().statusCode(200);
    }

    @Test
    void hugeHeaderValueOfOpenBracesAndSpacesIsRefusedQuickly() {
        String value = "{{" + " ".repeat(200_000);
        assertTimeoutPreemptively(QUICKLY, () -> as(token)
                .body(Map.of("name", uniqueName("huge"), "url", "https://mcp.example.com/mcp",
                        "headers", Map.of("X-Key", value)))
                .post(base + "/mcps").then().statusCode(400)
                .body("errors[0].field", equalTo("headers.X-Key"))
                .body("errors[0].message", equalTo("value must be at most 8192 characters")));
    }

    @Test
    void longestHeaderValueOfOpenBracesAndSpacesIsScannedQuickly() {
        // At the length limit and without a closing }}: no reference, so a valid (if odd) value.
        String value = "{{" + " ".repeat(8190);
        assertTimeoutPreemptively(QUICKLY, () -> as(token)
                .body(Map.of("name", uniqueName("long"), "url", "https://mcp.example.com/mcp",
                        "headers", Map.of("X-Key", value)))
                .post(base + "/mcps").then().statusCode(201));
    }

    @Test
    void longestUrlOfSpacesInsideBracesIsRefusedQuickly() {
        String url = "https://mcp.example.com/{{" + " ".repeat(2000) + "}}";
        assertTimeoutPreemptively(QUICKLY, () -> as(token)
                .body(Map.of("name", uniqueName("url"), "url", url))
                .post(base + "/mcps").then().statusCode(400)
                .body("errors[0].field", equalTo("url"))
                .body("errors[0].message", equalTo("references {{}}, which is not a valid variable name")));
    }
}
