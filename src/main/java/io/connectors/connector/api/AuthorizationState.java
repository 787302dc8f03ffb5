package io.connectors.connector.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** An {@code auth: oauth} connector's sign-in as the caller sees it (theirs, or the organization's). */
@Schema(name = "AuthorizationState")
public record AuthorizationState(
        @Schema(description = "connected: a usable token is stored; required: nobody signed in yet, or the server "
                + "asks for more scopes; expired: the server refused to renew it, sign in again", required = true,
                enumeration = {"connected", "required", "expired"})
        String status,
        @Schema(description = "connected: the granted scopes; required: the scopes the server asked for",
                required = true)
        List<String> scopes,
        @Schema(description = "When the current access token expires (it is renewed before)", nullable = true)
        Instant expiresAt,
        @Schema(description = "The last sign-in or renewal that failed, in plain words; null after a success",
                nullable = true)
        String lastError,
        @Schema(description = "Who made the sign-in in use (for credential: organization, a staff member)",
                nullable = true)
        String connectedBy) {

    public static final String CONNECTED = "connected";
    public static final String REQUIRED = "required";
    public static final String EXPIRED = "expired";

    public static AuthorizationState required() {
        return new AuthorizationState(REQUIRED, List.of(), null, null, null);
    }
}
