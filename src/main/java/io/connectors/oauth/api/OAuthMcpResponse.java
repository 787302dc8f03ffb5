package io.connectors.oauth.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** A predefined OAuth MCP and whether the caller has connected the integration it needs. */
@Schema(name = "OAuthMcp")
public record OAuthMcpResponse(
        @Schema(required = true, examples = "gmail") String key,
        @Schema(required = true, examples = "Gmail") String name,
        @Schema(description = "Integration provider it needs", required = true, examples = "google") String provider,
        @Schema(description = "Scopes the integration must grant", required = true) List<String> scopes,
        @Schema(required = true) List<ToolsetResponse> toolsets,
        @Schema(description = "Whether the caller's integration is connected with those scopes", required = true)
        boolean connected) {

    /** One MCP endpoint of the OAuth MCP. */
    @Schema(name = "OAuthMcpToolset")
    public record ToolsetResponse(
            @Schema(required = true) String name,
            String description,
            @Schema(description = "MCP endpoint; empty when this deployment has not configured it") String url) {
    }
}
