package io.connectors.connector.api;

import io.connectors.secret.Masked;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A connector as every route returns it: header values masked. */
@Schema(name = "Connector")
public record ConnectorResponse(
        @Schema(required = true) UUID id,
        @Schema(required = true) String organizationId,
        @Schema(required = true) String name,
        @Schema(required = true) ConnectorType type,
        @Schema(description = "simple only") String url,
        @Schema(description = "Header names with masked values (" + Masked.VALUE + ")", required = true) Map<String, String> headers,
        @Schema(description = "oauth only") String oauthMcp,
        @Schema(description = "simple only: headers or oauth", nullable = true) ConnectorAuth auth,
        @Schema(description = "auth: oauth only: user or organization", nullable = true) ConnectorCredential credential,
        @Schema(description = "auth: oauth only: the pre-registered client, secret masked", nullable = true)
        OAuthClient oauthClient,
        @Schema(description = "auth: oauth only: the sign-in as the caller sees it", nullable = true)
        AuthorizationState authorization,
        @Schema(required = true) Instant createdAt,
        @Schema(required = true) Instant updatedAt,
        @Schema(description = "User id of who created it") String createdBy,
        @Schema(description = "User id of who last changed it") String updatedBy) {

    /** Header names only: values are masked when built, and a log line must not depend on that. */
    @Override
    public String toString() {
        return "ConnectorResponse[id=" + id + ", organizationId=" + organizationId + ", name=" + name + ", type="
                + type + ", headers=" + (headers == null ? null : headers.keySet()) + ", oauthMcp=" + oauthMcp + ", auth="
                + auth + ", credential=" + credential + ", authorization="
                + (authorization == null ? null : authorization.status()) + "]";
    }
}
