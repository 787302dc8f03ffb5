package io.connectors.mcp.service;

import io.connectors.mcp.client.McpCallException;
import io.connectors.oauth.IntegrationProvider;
import io.connectors.oauth.OAuthFailure;
import io.connectors.oauth.RegisteredClient;
import io.connectors.oauth.service.TokenEndpoint;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

import java.net.URI;
import java.time.Instant;

/**
 * Refreshes a user's integration token at the provider's token endpoint ({@code grant_type=refresh_token}) through
 * the same {@link TokenEndpoint} as OAuth connectors (egress, deadlines, size cap, the answer's checks), and words a
 * failure for the Integrations page. Never logs a token.
 */
@Singleton
public class TokenRefresher {

    private final TokenEndpoint tokenEndpoint;

    public TokenRefresher(TokenEndpoint tokenEndpoint) {
        this.tokenEndpoint = tokenEndpoint;
    }

    /** New tokens; {@code refreshToken} is {@code null} when the provider kept the old one. */
    public record Refreshed(String accessToken, String refreshToken, Instant expiresAt) {

        @Override
        public String toString() {
            return "Refreshed[expiresAt=" + expiresAt + "]";
        }
    }

    public Uni<Refreshed> refresh(IntegrationProvider provider, String refreshToken, String label) {
        URI tokenUrl;
        try {
            tokenUrl = URI.create(provider.tokenUrl());
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(failure(label, "its token endpoint is not a valid URL"));
        }
        // The integration's client credentials go in the form body, as providers' refresh requests take them.
        RegisteredClient client = new RegisteredClient(provider.clientId().orElse(null),
                provider.clientSecret().orElse(null), RegisteredClient.POST, false);
        return tokenEndpoint.refresh(tokenUrl, client, refreshToken, null, label)
                .map(tokens -> new Refreshed(tokens.accessToken(), tokens.refreshToken(), tokens.expiresAt()))
                .onFailure(OAuthFailure.class).transform(f -> failure(label, reason((OAuthFailure) f)));
    }

    private static String reason(OAuthFailure failure) {
        if (failure.kind() == OAuthFailure.Kind.UNREACHABLE) {
            return "its token endpoint can't be reached from this service";
        }
        String message = failure.getMessage();
        return (message.isEmpty() ? message : Character.toLowerCase(message.charAt(0)) + message.substring(1))
                + "; reconnect the integration";
    }

    private static McpCallException failure(String label, String why) {
        return new McpCallException(McpCallException.Kind.TOKEN_REFRESH,
                "Refreshing the " + label + " token failed: " + why);
    }
}
