package io.connectors.mcp.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * The outcome of listing tools on one or more toolsets. Returned with HTTP 200 whenever the test ran, whatever the
 * remote said: {@code success} and {@code error} tell.
 */
@Schema(description = "Result of a connector test or of a teammate's tool listing")
public record TestResult(
        @Schema(description = "Whether every toolset answered") boolean success,
        @Schema(description = "Plain-text reason when not successful", nullable = true) String error,
        @Schema(description = "Tools over all toolsets") int toolCount,
        List<ToolsetResult> toolsets,
        @Schema(description = "Wall time of the test in milliseconds") long durationMs,
        @Schema(description = "An auth: oauth connector has no usable sign-in: someone must sign in (again); "
                + "the error says who") boolean authorizationRequired) {

    public TestResult(boolean success, String error, int toolCount, List<ToolsetResult> toolsets, long durationMs) {
        this(success, error, toolCount, toolsets, durationMs, false);
    }

    /** One MCP endpoint's answer. */
    @Schema(name = "ToolsetResult")
    public record ToolsetResult(
            @Schema(description = "The connector's or predefined OAuth MCP's name") String name,
            @Schema(description = "The organization connector it comes from", nullable = true,
                    format = "uuid") java.util.UUID mcpId,
            @Schema(description = "The predefined OAuth MCP it comes from", nullable = true) String oauthMcp,
            int toolCount,
            List<ToolSummary> tools,
            @Schema(description = "Plain-text reason this toolset failed", nullable = true) String error) {
    }

    @Schema(name = "ToolSummary")
    public record ToolSummary(String name, @Schema(nullable = true) String description) {
    }
}
