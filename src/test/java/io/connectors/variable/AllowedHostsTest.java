package io.connectors.variable;

import io.connectors.variable.api.VariableRequest;
import io.connectors.variable.api.VariableResponse;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which hosts a secret variable's allowed hosts let it go to, and which entries are valid. */
class AllowedHostsTest {

    @Test
    void namesMatchIgnoringCaseAndATrailingDot() {
        List<String> allowed = List.of("MCP.Example.com.");
        assertTrue(AllowedHosts.allows(allowed, "mcp.example.com"));
        assertTrue(AllowedHosts.allows(allowed, "MCP.EXAMPLE.COM."));
        assertFalse(AllowedHosts.allows(allowed, "mcp.example.com.evil.test"));
        assertFalse(AllowedHosts.allows(allowed, "evilmcp.example.com"));
        assertFalse(AllowedHosts.allows(allowed, "example.com"));
        assertFalse(AllowedHosts.allows(allowed, null));
    }

    @Test
    void aPatternMatchesSubdomainsButNotTheDomainItself() {
        List<String> allowed = List.of("*.example.com");
        assertTrue(AllowedHosts.allows(allowed, "a.example.com"));
        assertTrue(AllowedHosts.allows(allowed, "a.b.EXAMPLE.com."));
        assertFalse(AllowedHosts.allows(allowed, "example.com"));
        assertFalse(AllowedHosts.allows(allowed, "badexample.com"));
        assertFalse(AllowedHosts.allows(allowed, "a.example.com.evil.test"));
    }

    @Test
    void ipLiteralsMatchByAddress() {
        assertTrue(AllowedHosts.allows(List.of("127.0.0.1"), "127.0.0.1"));
        assertFalse(AllowedHosts.allows(List.of("127.0.0.1"), "0177.0.0.1"));
        assertFalse(AllowedHosts.allows(List.of("127.0.0.1"), "127.0.0.2"));
        assertTrue(AllowedHosts.allows(List.of("::1"), "[::1]"));
        assertTrue(AllowedHosts.allows(List.of("[0:0:0:0:0:0:0:1]"), "[::1]"));
        assertFalse(AllowedHosts.allows(List.of("::1"), "[::2]"));
        assertFalse(AllowedHosts.allows(List.of("*.example.com"), "[::1]"));
    }

    @Test
    void entriesAreValidated() {
        for (String good : List.of("mcp.example.com", "localhost", "*.tenant.example.com", "10.0.0.1", "::1",
                "[2001:db8::1]", "xn--bcher-kva.example", "MCP.EXAMPLE.COM.")) {
            assertNull(AllowedHosts.problem(good), good);
        }
        for (String bad : List.of("", "*", "*.com", "**.example.com", "a.*.example.com", "https://mcp.example.com",
                "mcp.example.com/path", "mcp.example.com:443", "user@mcp.example.com", "-bad.example.com",
                "bad-.example.com", "0177.0.0.1", "0x7f.0.0.1", "mcp.0x7f", "[::ffff:0177.0.0.1]", "1.2.3",
                "256.1.1.1", "01.2.3.4", "fe80::1%eth0", "::g",
                "with space.example.com", "a..b", "x".repeat(64) + ".example.com", "a.".repeat(127) + "com")) {
            assertNotNull(AllowedHosts.problem(bad), bad);
        }
    }

    @Test
    void requestsAndResponsesDoNotPrintTheValue() {
        String secret = "sk-live-do-not-print";
        VariableRequest request = new VariableRequest(secret, true, List.of("mcp.example.com"));
        VariableResponse response = new VariableResponse("K", secret, false, List.of(), Instant.EPOCH,
                Instant.EPOCH, "u", "u");
        assertFalse(request.toString().contains(secret), request.toString());
        assertFalse(response.toString().contains(secret), response.toString());
        assertTrue(request.toString().contains("mcp.example.com"));
    }
}
