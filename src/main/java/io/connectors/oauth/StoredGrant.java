package io.connectors.oauth;

import java.time.Instant;

/**
 * A grant row as stored: tokens and client secret still sealed (AES-GCM ciphertext). The endpoints come from
 * metadata that was validated at sign-in; every request to them still passes the egress guard.
 */
public record StoredGrant(GrantKey key, String status, String accessToken, String refreshToken, Instant expiresAt,
        String scopes, String issuer, String tokenEndpoint, String revocationEndpoint, String clientId,
        String clientSecret, String clientAuth, String resource, String connectedBy, Instant claimedUntil) {

    public boolean hasToken() {
        return accessToken != null && GrantState.CONNECTED.equals(status);
    }

    /** Whether the access token is still good at {@code instant} (a token without expiry is good until refused). */
    public boolean validAt(Instant instant) {
        return hasToken() && (expiresAt == null || expiresAt.isAfter(instant));
    }

    @Override
    public String toString() {
        return "StoredGrant[key=" + key + ", status=" + status + ", expiresAt=" + expiresAt + ", issuer=" + issuer
                + "]";
    }
}
