package io.connectors.oauth;

/**
 * An OAuth step against a connector's server or its authorization server failed. The message is plain text a person
 * understands; it never holds a token, a secret, a code or a URL's query.
 */
public class OAuthFailure extends RuntimeException {

    /** What went wrong; callers decide by kind, never by the message. */
    public enum Kind {
        /** The egress guard refused an address, or the server could not be reached, or it timed out. */
        UNREACHABLE,
        /** Metadata missing, malformed, or naming something we refuse (no S256, an issuer that doesn't match…). */
        BAD_METADATA,
        /** The server does not use OAuth at all (no challenge, no protected resource metadata). */
        NOT_PROTECTED,
        /** No way to register this service as a client. */
        REGISTRATION,
        /** The authorization server refused our client ({@code invalid_client}): registered again next time. */
        INVALID_CLIENT,
        /** The authorization server refused the code or the refresh token ({@code invalid_grant}). */
        INVALID_GRANT,
        /** Any other token endpoint failure. */
        TOKEN_ERROR,
        /** The service can't sign anyone in: {@code connectors.public-url} is not set. */
        NOT_CONFIGURED,
        /** Nobody has signed in, the sign-in expired or asked for more scopes. */
        NOT_SIGNED_IN
    }

    private final Kind kind;

    public OAuthFailure(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
