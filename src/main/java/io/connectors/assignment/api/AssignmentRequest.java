package io.connectors.assignment.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Names what to enable or disable for a teammate: exactly one of {@code mcp_id} and {@code oauth_mcp}. On enable,
 * {@code tools} chooses the upstream tools the gateway serves. It is read as JSON rather than as a list so that a
 * field left out (keep the current choice) differs from {@code null} (every tool) and each element gets its own
 * error.
 */
@Schema(name = "AssignmentRequest")
public record AssignmentRequest(
        @Schema(description = "Id of an organization connector", format = "uuid") String mcpId,
        @Schema(description = "Key of a predefined OAuth MCP", examples = "gmail") String oauthMcp,
        @Schema(description = "Upstream tool names the gateway serves for this assignment; null: every tool, new "
                + "ones included (the default). Left out on an existing assignment: its choice stays. Given: it "
                + "replaces the choice.", type = SchemaType.ARRAY, implementation = String.class, nullable = true)
        JsonNode tools) {

    public AssignmentRequest(String mcpId, String oauthMcp) {
        this(mcpId, oauthMcp, null);
    }
}
