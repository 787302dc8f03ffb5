package io.connectors.gateway;

import io.connectors.egress.Egress;
import io.connectors.gateway.service.ToolCache;
import io.connectors.mcp.TesterConfig;
import io.connectors.mcp.client.McpToolCaller;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** CDI wiring of the gateway's MCP tool caller (a plain class, so a benchmark can build it without Quarkus). */
public class GatewayClients {

    /** How often idle and old upstream sessions are looked for. */
    private static final long SWEEP_MILLIS = 10_000;

    @Produces
    @Singleton
    McpToolCaller toolCaller(Egress egress, TesterConfig tester, GatewayConfig config, ToolCache cache, Vertx vertx,
            MeterRegistry meters) {
        McpToolCaller caller = new McpToolCaller(egress, tester, new McpToolCaller.Settings(config.connectTimeout(),
                config.callTimeout(), config.maxResultBytes(), config.maxConcurrent(),
                config.maxConcurrentPerOrganization(), config.maxQueued(), config.upstreamSessionIdle(),
                config.upstreamSessionMaxAge(), config.maxUpstreamSessions()), cache::drop);
        vertx.setPeriodic(SWEEP_MILLIS, id -> caller.closeIdleSessions());
        Gauge.builder("connectors.gateway.upstream.sessions", caller, McpToolCaller::heldSessions)
                .description("Upstream MCP sessions the gateway holds open").register(meters);
        return caller;
    }

    void close(@Disposes McpToolCaller caller) {
        caller.dropAllSessions();
    }
}
