package io.connectors.mcp.service;

import io.connectors.mcp.api.RuntimeResponse;
import io.connectors.egress.EgressGuard;
import io.connectors.egress.EgressRefusedException;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;

/**
 * The runtime view: what {@link McpBuilder} resolved for a teammate, for the agent runtime to connect with. Targets
 * the egress guard refuses are reported as errors without their URL or headers, so the runtime is never handed an
 * internal address.
 */
@Singleton
public class McpRuntimeService {

    private final McpBuilder builder;
    private final EgressGuard guard;

    public McpRuntimeService(McpBuilder builder, EgressGuard guard) {
        this.builder = builder;
        this.guard = guard;
    }

    public Uni<RuntimeResponse> findRuntime(String organizationId, String employeeId) {
        return builder.forEmployee(organizationId, employeeId).flatMap(toolsets -> {
            if (toolsets.isEmpty()) {
                return Uni.createFrom().item(new RuntimeResponse(employeeId, List.of()));
            }
            // Guard checks are lookups, not database work: they may run side by side.
            List<Uni<RuntimeResponse.RuntimeServer>> checks = toolsets.stream().map(this::server).toList();
            return Uni.join().all(checks).andCollectFailures()
                    .map(servers -> new RuntimeResponse(employeeId, servers));
        });
    }

    private Uni<RuntimeResponse.RuntimeServer> server(ResolvedToolset toolset) {
        if (!toolset.resolved()) {
            return Uni.createFrom().item(failed(toolset, toolset.failure().getMessage()));
        }
        return guard.check(toolset.url())
                .map(checked -> new RuntimeResponse.RuntimeServer(toolset.name(), toolset.mcpId(), toolset.oauthMcp(),
                        toolset.transport(), toolset.url().toString(), toolset.headers(), null))
                .onFailure(EgressRefusedException.class).recoverWithItem(f -> failed(toolset,
                        ((EgressRefusedException) f).message(toolset.display())));
    }

    private static RuntimeResponse.RuntimeServer failed(ResolvedToolset toolset, String error) {
        return new RuntimeResponse.RuntimeServer(toolset.name(), toolset.mcpId(), toolset.oauthMcp(), null, null,
                Map.of(), error);
    }

}
