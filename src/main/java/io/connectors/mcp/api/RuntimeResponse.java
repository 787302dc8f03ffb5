package io.connectors.mcp.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the agent runtime needs to connect a teammate's MCP servers: per toolset the transport, the URL and headers
 * with variables injected and OAuth tokens attached. Holds secrets: only the runtime may read it.
 */
@Schema(description = "A teammate's resolved MCP servers (contains secrets)")
public record RuntimeResponse(String employeeId, List<RuntimeServer> servers) {

    /**
     * One MCP endpoint. When it could not be resolved (unknown variable, integration not connected, address not
     * allowed) {@code error} says why and {@code url} is null.
     */
    @Schema(name = "RuntimeServer")
    public record RuntimeServer(
            String name,
            @Schema(nullable = true) UUID mcpId,
            @Schema(nullable = true) String oauthMcp,
            @Schema(description = "streamable_http, or sse for a URL ending in /sse; clients fall back from "
                    + "streamable_http to sse as the MCP specification says", nullable = true) String transport,
            @Schema(nullable = true) String url,
            Map<String, String> headers,
            @Schema(nullable = true) String error) {

        /** No URL or header values: both carry injected secrets and tokens. */
        @Override
        public String toString() {
            return "RuntimeServer[name=" + name + ", mcpId=" + mcpId + ", oauthMcp=" + oauthMcp + ", transport="
                    + transport + ", headers=" + (headers == null ? null : headers.keySet()) + ", error=" + error + "]";
        }
    }
}
