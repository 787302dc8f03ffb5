package io.connectors.mcp.client;

/**
 * A toolset could not be listed. The message is short plain text a person understands; it never carries a stack
 * trace, a header value, a token or a URL (URLs may hold injected secrets).
 */
public class McpCallException extends RuntimeException {

    /** What went wrong, for metrics ({@code reason} tag) and tests. */
    public enum Kind {
        INVALID_URL, REFUSED, UNREACHABLE, TIMEOUT, UNAUTHORIZED, HTTP_ERROR, NOT_MCP, TOO_LARGE, PROTOCOL, BUSY,
        UNKNOWN_VARIABLE, INVALID_HEADER, NOT_CONNECTED, TOKEN_REFRESH, UNKNOWN_DEFINITION,
        SECRET_NOT_ALLOWED, SECRET_UNREADABLE,
        /** An {@code auth: oauth} connector has no usable sign-in: someone must sign in (again). */
        AUTHORIZATION_REQUIRED;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Kind kind;

    public McpCallException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
