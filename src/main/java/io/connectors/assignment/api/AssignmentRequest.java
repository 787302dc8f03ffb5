package io.connectors.assignment.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Names what to enable or disable for a teammate: exactly one of {@code mcp_id} and {@code oauth_mcp}. */
@Schema(name = "AssignmentRequest")
public record AssignmentRequest(
        @Schema(description = "Id of an organization connector", format = "uuid") String mcpId,
        @Schema(description = "Key of a predefined OAuth MCP", examples = "gmail") String oauthMcp) {
}
