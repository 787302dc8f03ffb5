package io.connectors.egress;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The rules every outbound URL keeps, in the order they are reported, and the texts each context shows. */
class OutboundUrlTest {

    private static Optional<OutboundUrl.Problem> problem(String url) {
        return OutboundUrl.problem(URI.create(url));
    }

    @Test
    void aPlainHttpOrHttpsUrlPasses() {
        assertEquals(Optional.empty(), problem("https://mcp.example.com/mcp"));
        assertEquals(Optional.empty(), problem("http://mcp.example.com:1/mcp?x=1"));
        assertEquals(Optional.empty(), problem("HTTPS://mcp.example.com:65535/mcp"));
        assertEquals(Optional.empty(), problem("https://mcp.example.com/mcp#part"), "a fragment is the caller's rule");
    }

    @Test
    void eachRuleIsReported() {
        assertEquals(Optional.of(OutboundUrl.Problem.NOT_HTTP), problem("ftp://mcp.example.com/"));
        assertEquals(Optional.of(OutboundUrl.Problem.NOT_HTTP), problem("mcp.example.com/mcp"));
        assertEquals(Optional.of(OutboundUrl.Problem.NOT_HTTP), problem("javascript:alert(1)"));
        assertEquals(Optional.of(OutboundUrl.Problem.NO_HOST), problem("https:///mcp"));
        assertEquals(Optional.of(OutboundUrl.Problem.NO_HOST), problem("http://:8080/mcp"));
        assertEquals(Optional.of(OutboundUrl.Problem.BAD_PORT), problem("http://mcp.example.com:0/mcp"));
        assertEquals(Optional.of(OutboundUrl.Problem.BAD_PORT), problem("http://mcp.example.com:65536/mcp"));
        assertEquals(Optional.of(OutboundUrl.Problem.USER_INFO), problem("https://user:pass@mcp.example.com/"));
        assertEquals(Optional.of(OutboundUrl.Problem.FRAGMENT),
                OutboundUrl.problemOfTemplate(URI.create("https://mcp.example.com/mcp#part")));
        assertEquals(Optional.empty(), OutboundUrl.problemOfTemplate(URI.create("https://mcp.example.com/mcp")));
    }

    @Test
    void eachContextReadsItsOwnText() {
        assertEquals("must name a host", OutboundUrl.Problem.NO_HOST.fieldText());
        assertEquals("The URL of Docs has a port outside 1-65535 once variables are injected",
                OutboundUrl.Problem.BAD_PORT.afterInjection("Docs"));
        assertEquals("URLs with user:password@ are not allowed; send credentials in a header",
                OutboundUrl.Problem.USER_INFO.afterInjection("Docs"));
        assertEquals("The URL is not an absolute http:// or https:// URL with a host",
                OutboundUrl.Problem.NOT_HTTP.sentence());
        assertEquals(80, OutboundUrl.port(URI.create("http://mcp.example.com/")));
        assertEquals(443, OutboundUrl.port(URI.create("https://mcp.example.com/")));
        assertEquals(8443, OutboundUrl.port(URI.create("https://mcp.example.com:8443/")));
    }
}
