package io.connectors.connector.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/** Where the browser goes to sign in, and until when the link works. */
@Schema(name = "AuthorizationStart")
public record AuthorizationStartResponse(
        @Schema(description = "The authorization server's sign-in page, with PKCE, state and resource; open it in "
                + "the browser", required = true)
        String authorizationUrl,
        @Schema(description = "The link works once, until then (10 minutes)", required = true)
        Instant expiresAt) {

    /** The URL carries the one-time state: not for log lines. */
    @Override
    public String toString() {
        return "AuthorizationStartResponse[expiresAt=" + expiresAt + "]";
    }
}
