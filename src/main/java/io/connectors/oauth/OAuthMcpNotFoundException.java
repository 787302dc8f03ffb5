package io.connectors.oauth;

import io.connectors.error.NotFoundException;

/** The key names no predefined OAuth MCP of this deployment. */
public class OAuthMcpNotFoundException extends NotFoundException {

    public OAuthMcpNotFoundException(String key) {
        super("No predefined OAuth MCP '" + key + "'; GET /mcps/oauth lists them");
    }
}
