package io.connectors.oauth.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** Tokens from the integrations flow for {@code PUT /integrations/{provider}}; stored encrypted. */
@Schema(name = "IntegrationRequest")
public record IntegrationRequest(
        @Schema(required = true) String accessToken,
        String refreshToken,
        @Schema(description = "Seconds until the access token expires") Long expiresIn,
        @Schema(description = "Granted scopes") List<String> scopes) {

    @Override
    public String toString() {
        return "IntegrationRequest[expiresIn=" + expiresIn + ", scopes=" + scopes + "]";
    }
}
