package io.connectors.connector;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The origin a header value is bound to: scheme, host and port, spelled one way. */
class ConnectorOriginTest {

    @Test
    void schemeAndHostAreLowerCasedAndTheDefaultPortIsMadeExplicit() {
        assertEquals("https://mcp.example.com:443", ConnectorOrigin.of("HTTPS://MCP.Example.COM/mcp?x=1"));
        assertEquals("http://mcp.example.com:80", ConnectorOrigin.of("http://mcp.example.com"));
        assertEquals("http://127.0.0.1:8080", ConnectorOrigin.of("http://127.0.0.1:8080/mcp"));
        assertEquals("http://[::1]:8080", ConnectorOrigin.of("http://[::1]:8080/mcp"));
        assertEquals("https://[fe80::1]:443", ConnectorOrigin.of("https://[FE80::1]/"));
    }

    @Test
    void urlsWithoutAnHttpOriginHaveNone() {
        assertNull(ConnectorOrigin.of(null));
        assertNull(ConnectorOrigin.of("not a url"));
        assertNull(ConnectorOrigin.of("/relative/mcp"));
        assertNull(ConnectorOrigin.of("ftp://files.example.com/"));
        assertNull(ConnectorOrigin.of("http://{{HOST}}/mcp"));
    }

    @Test
    void sameOriginComparesNormalizedForms() {
        assertTrue(ConnectorOrigin.same("https://mcp.example.com", "https://MCP.example.com:443/v2/mcp"));
        assertTrue(ConnectorOrigin.same("http://127.0.0.1:80", "http://127.0.0.1/mcp"));
        assertFalse(ConnectorOrigin.same("https://mcp.example.com", "http://mcp.example.com/mcp"));
        assertFalse(ConnectorOrigin.same("https://mcp.example.com", "https://mcp.example.com:8443/mcp"));
        assertFalse(ConnectorOrigin.same("https://mcp.example.com", "https://mcp.example.com.evil.test/mcp"));
        // A binding that was never made, or a stored origin still holding a reference, matches nothing.
        assertFalse(ConnectorOrigin.same(null, "https://mcp.example.com/mcp"));
        assertFalse(ConnectorOrigin.same("https://{{HOST}}", "https://mcp.example.com/mcp"));
    }
}
