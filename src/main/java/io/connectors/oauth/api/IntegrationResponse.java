package io.connectors.oauth.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** The caller's connection to one provider; tokens are never shown. */
@Schema(name = "Integration")
public record IntegrationResponse(
        @Schema(required = true, examples = "google") String provider,
        @Schema(required = true) boolean connected,
        @Schema(required = true) List<String> scopes,
        @Schema(description = "When the access token expires (it is refreshed when needed)") Instant expiresAt) {
}
