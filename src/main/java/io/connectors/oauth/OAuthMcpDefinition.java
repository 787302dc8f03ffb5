package io.connectors.oauth;

import java.util.List;

/**
 * A predefined OAuth MCP: a product that the user connects through an OAuth integration, served by one MCP
 * endpoint per toolset.
 */
public record OAuthMcpDefinition(String key, String name, String provider, List<String> scopes,
        List<Toolset> toolsets) {

    /** One MCP endpoint of a predefined OAuth MCP. {@code url} is empty when the deployment did not configure it. */
    public record Toolset(String name, String description, String url) {
        public boolean configured() {
            return url != null && (url.startsWith("http://") || url.startsWith("https://"));
        }
    }
}
