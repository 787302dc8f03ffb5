package io.connectors.gateway;

import io.connectors.egress.Egress;
import io.connectors.mcp.TesterConfig;
import io.connectors.mcp.client.McpToolCaller;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** CDI wiring of the gateway's MCP tool caller (a plain class, so a benchmark can build it without Quarkus). */
public class GatewayClients {

    @Produces
    @Singleton
    McpToolCaller toolCaller(Egress egress, TesterConfig tester, GatewayConfig config) {
        return new McpToolCaller(egress, tester, new McpToolCaller.Settings(config.connectTimeout(),
                config.callTimeout(), config.maxResultBytes(), config.maxConcurrent(),
                config.maxConcurrentPerOrganization(), config.maxQueued()));
    }
}
