package io.connectors.oauth;

import java.time.Instant;
import java.util.List;

/** A user's decrypted OAuth tokens. Never return or log these outside the runtime route. */
public record IntegrationTokens(String accessToken, String refreshToken, Instant expiresAt, List<String> scopes) {

    public boolean expiredAt(Instant when) {
        return expiresAt != null && !expiresAt.isAfter(when);
    }

    @Override
    public String toString() {
        return "IntegrationTokens[expiresAt=" + expiresAt + ", scopes=" + scopes + "]";
    }
}
