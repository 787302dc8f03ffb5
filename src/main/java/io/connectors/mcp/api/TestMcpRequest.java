package io.connectors.mcp.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What to test: exactly one of an organization connector and a predefined OAuth MCP. */
@Schema(description = "Exactly one of mcp_id and oauth_mcp")
public record TestMcpRequest(
        @Schema(description = "Id of an organization connector") String mcpId,
        @Schema(description = "Key of a predefined OAuth MCP, e.g. gmail") String oauthMcp) {
}
