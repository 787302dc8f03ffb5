package io.connectors.mcp;

import io.connectors.mcp.client.McpToolLister;
import io.connectors.mcp.egress.Egress;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * CDI wiring of the MCP client parts, which are plain classes so a benchmark can build them without Quarkus.
 * Also registers the SDK's JSON-RPC records for reflection: the SDK ships no native-image metadata and Jackson reads
 * them reflectively ({@code McpSchema}'s nested types are included).
 */
@RegisterForReflection(targets = {McpSchema.class}, ignoreNested = false)
public class McpClients {

    @Produces
    @Singleton
    McpToolLister toolLister(Egress egress, TesterConfig config) {
        return new McpToolLister(egress, config);
    }
}
