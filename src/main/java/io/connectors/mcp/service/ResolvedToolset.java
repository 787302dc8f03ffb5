package io.connectors.mcp.service;

import io.connectors.mcp.client.McpCallException;
import io.connectors.mcp.client.McpToolLister;
import io.connectors.oauth.GrantKey;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

/**
 * One MCP endpoint as {@link McpBuilder} resolved it: variables injected, OAuth token attached. When resolution
 * failed (unknown variable, integration not connected…) {@code failure} says why and there is nothing to call.
 *
 * @param name      toolset name shown to people: the connector's name, or the predefined OAuth MCP's
 * @param mcpId     the organization connector it comes from, or {@code null}
 * @param oauthMcp  the predefined OAuth MCP key it comes from, or {@code null}
 * @param transport {@code streamable_http}, or {@code sse} for a URL ending in {@code /sse} (the legacy convention)
 * @param url       the endpoint, variables injected (may hold secrets: never log or show it in errors)
 * @param headers   header values in plaintext, token attached (secrets)
 * @param display   a label for the server that is safe to show in error messages
 */
public record ResolvedToolset(String name, UUID mcpId, String oauthMcp, String transport, URI url,
        Map<String, String> headers, String display, McpCallException failure, SignedIn signedIn) {

    /**
     * An {@code auth: oauth} connector's sign-in this toolset uses: whose grant, and how messages name it.
     *
     * @param whose     "Your sign-in to X", "The organization's sign-in to X"…
     * @param reconnect who must sign in again: "you", "a staff member", a user id
     */
    public record SignedIn(GrantKey grant, String whose, String reconnect) {
    }

    public ResolvedToolset(String name, UUID mcpId, String oauthMcp, String transport, URI url,
            Map<String, String> headers, String display, McpCallException failure) {
        this(name, mcpId, oauthMcp, transport, url, headers, display, failure, null);
    }

    /** Whether a person must sign in before this toolset can be listed. */
    public boolean authorizationRequired() {
        return failure != null && failure.kind() == McpCallException.Kind.AUTHORIZATION_REQUIRED;
    }

    public boolean resolved() {
        return failure == null;
    }

    ResolvedToolset withSignIn(SignedIn signIn) {
        return new ResolvedToolset(name, mcpId, oauthMcp, transport, url, headers, display, failure, signIn);
    }

    public McpToolLister.Endpoint endpoint() {
        return new McpToolLister.Endpoint(url, headers, display);
    }

    static ResolvedToolset failed(String name, UUID mcpId, String oauthMcp, McpCallException failure) {
        return new ResolvedToolset(name, mcpId, oauthMcp, null, null, Map.of(), name, failure, null);
    }

    @Override
    public String toString() {
        // Never print the URL or headers: they carry injected secrets and tokens.
        return "ResolvedToolset[name=" + name + ", mcpId=" + mcpId + ", oauthMcp=" + oauthMcp + ", resolved="
                + resolved() + "]";
    }
}
