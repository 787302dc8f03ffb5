package io.connectors.connector.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Map;

/**
 * Body of create and update. On update every field is optional: a field left out keeps its value; for
 * {@code headers}, a name mapped to {@code null} (or to the mask) keeps its stored value and a name left out is
 * removed.
 */
@Schema(name = "ConnectorRequest")
public record ConnectorRequest(
        @Schema(description = "Unique within the organization; trimmed; 1 to 100 characters", examples = "GitHub")
        String name,
        @Schema(description = "simple (default on create) or oauth; cannot be changed after creation")
        ConnectorType type,
        @Schema(description = "simple only: absolute http:// or https:// URL of the MCP endpoint; may contain "
                + "{{VARIABLE}} references", examples = "https://mcp.example.com/mcp")
        String url,
        @Schema(description = "simple only: HTTP header name to value; values are stored encrypted and never "
                + "returned. On update, null keeps the stored value.")
        Map<String, String> headers,
        @Schema(description = "oauth only: key of a predefined OAuth MCP (GET /mcps/oauth)", examples = "gmail")
        String oauthMcp,
        @Schema(description = "simple only: headers (default) or oauth (people sign in; the URL may then hold no "
                + "{{VARIABLE}} references)")
        ConnectorAuth auth,
        @Schema(description = "auth: oauth only: user (default) or organization")
        ConnectorCredential credential,
        @Schema(description = "auth: oauth only: a pre-registered OAuth client (optional)", nullable = true)
        OAuthClient oauthClient) {

    /** The body before OAuth connectors: no auth fields. */
    public ConnectorRequest(String name, ConnectorType type, String url, Map<String, String> headers,
            String oauthMcp) {
        this(name, type, url, headers, oauthMcp, null, null, null);
    }

    /** Header names only, and no URL (a query string can hold a key): this can end up in a log line. */
    @Override
    public String toString() {
        return "ConnectorRequest[name=" + name + ", type=" + type + ", headers="
                + (headers == null ? null : headers.keySet()) + ", oauthMcp=" + oauthMcp + ", auth=" + auth
                + ", credential=" + credential + ", oauthClient=" + oauthClient + "]";
    }
}
