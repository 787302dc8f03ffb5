package io.connectors.gateway.api;

import io.connectors.gateway.GatewayCall;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** One tool call made through the teammate's gateway. */
@Schema(name = "GatewayCall")
public record GatewayCallResponse(
        @Schema(required = true) UUID id,
        @Schema(required = true) String employeeId,
        @Schema(description = "Set for an organization connector") UUID mcpId,
        @Schema(description = "Set for a predefined OAuth MCP") String oauthMcp,
        @Schema(description = "The toolset's name: the connector's, or the predefined OAuth MCP's (and toolset)",
                required = true) String toolset,
        @Schema(description = "The upstream tool's name", required = true) String tool,
        @Schema(description = "The calling token's subject", required = true) String caller,
        @Schema(description = "runtime or ai", required = true) String actor,
        @Schema(required = true) Instant startedAt,
        @Schema(required = true) long durationMs,
        @Schema(description = "ok, tool_error, failed, refused or timeout", required = true) String outcome,
        @Schema(description = "Plain text for every outcome but ok") String error,
        @Schema(description = "SHA-256 (hex) of the arguments as canonical JSON (keys sorted, no spaces)",
                required = true) String argumentsSha256,
        @Schema(description = "Size of the result as JSON, in bytes (0 when there was none)", required = true)
        long resultBytes) {

    public static GatewayCallResponse of(GatewayCall call) {
        return new GatewayCallResponse(call.id(), call.employeeId(), call.mcpId(), call.oauthMcp(), call.toolset(),
                call.tool(), call.caller(), call.actor(), call.startedAt(), call.durationMs(), call.outcome(),
                call.error(), call.argumentsSha256(), call.resultBytes());
    }
}
