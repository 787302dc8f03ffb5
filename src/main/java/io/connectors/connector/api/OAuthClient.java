package io.connectors.connector.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * A pre-registered OAuth client of an {@code auth: oauth} connector. In responses {@code client_secret} is the mask
 * (or {@code null} for a public client); sent back, the mask (or {@code null} with the same {@code client_id}) keeps
 * the stored secret. An object without {@code client_id} removes the pre-registered client.
 */
@Schema(name = "OAuthClient")
public record OAuthClient(
        @Schema(description = "The client id the authorization server issued", examples = "connectors-prod")
        String clientId,
        @Schema(description = "The client secret; stored encrypted, bound to the connector's server, never returned",
                nullable = true)
        String clientSecret,
        @Schema(description = "Scopes to ask for when neither the server's challenge nor its metadata name any",
                nullable = true)
        List<String> scopes) {

    @Override
    public String toString() {
        return "OAuthClient[clientId=" + clientId + ", clientSecret=" + (clientSecret == null ? null : "(set)")
                + ", scopes=" + scopes + "]";
    }
}
