package io.connectors.mcp;

import io.connectors.mcp.client.McpToolLister;
import io.connectors.egress.Egress;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * CDI wiring of the MCP client parts, which are plain classes so a benchmark can build them without Quarkus. (The
 * SDK's native-image registration is {@code io.connectors.mcp.client.McpSdkReflection}.)
 */
public class McpClients {

    @Produces
    @Singleton
    McpToolLister toolLister(Egress egress, TesterConfig config) {
        return new McpToolLister(egress, config);
    }
}
