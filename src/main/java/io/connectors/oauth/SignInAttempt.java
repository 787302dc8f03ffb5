package io.connectors.oauth;

import java.time.Instant;
import java.util.UUID;

/**
 * A sign-in under way, stored under its state's hash. Verifier and client secret are sealed. Everything the
 * callback needs is here, so the callback depends on nothing the caller sends but {@code code}, {@code state} and
 * {@code iss}.
 */
public record SignInAttempt(GrantKey key, String userId, String browserHash, String codeVerifier, String redirectUri, String issuer,
        boolean issuerParameter, String tokenEndpoint, String revocationEndpoint, String clientId,
        String clientSecret, String clientAuth, boolean registered, String resource, String scopes,
        Instant expiresAt) {

    public UUID connectorId() {
        return key.connectorId();
    }

    @Override
    public String toString() {
        return "SignInAttempt[key=" + key + ", issuer=" + issuer + ", expiresAt=" + expiresAt + "]";
    }
}
