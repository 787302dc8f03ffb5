package io.connectors.assignment.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A connector enabled for a teammate. */
@Schema(name = "Assignment")
public record AssignmentResponse(
        @Schema(required = true) UUID id,
        @Schema(required = true) String employeeId,
        @Schema(description = "Set for an organization connector") UUID mcpId,
        @Schema(description = "Set for a predefined OAuth MCP") String oauthMcp,
        @Schema(description = "Connector name, or the OAuth MCP's display name", required = true) String name,
        @Schema(required = true) Instant createdAt,
        @Schema(description = "User id of who enabled it") String createdBy,
        @Schema(description = "Upstream tool names the gateway serves; null: every tool, new ones included",
                nullable = true) List<String> tools) {
}
