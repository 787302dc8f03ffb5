package io.connectors.oauth;

import java.time.Instant;
import java.util.List;

/**
 * A grant as people see it: {@code status} is {@code connected}, {@code required} or {@code expired}; {@code scopes}
 * are the granted ones when connected and the ones the server asked for otherwise. No token in here.
 */
public record GrantState(String status, List<String> scopes, Instant expiresAt, String lastError,
        String connectedBy) {

    public static final String CONNECTED = "connected";
    public static final String REQUIRED = "required";
    public static final String EXPIRED = "expired";

    /** Nobody signed in yet. */
    public static GrantState none() {
        return new GrantState(REQUIRED, List.of(), null, null, null);
    }

    /** The state from stored columns (any of which may be {@code null} when no row was found). */
    public static GrantState of(String status, String scopes, String requiredScopes, Instant expiresAt,
            String lastError, String connectedBy) {
        if (status == null) {
            return none();
        }
        return switch (status) {
            case CONNECTED -> new GrantState(CONNECTED, Scopes.split(scopes), expiresAt, lastError, connectedBy);
            case EXPIRED -> new GrantState(EXPIRED, Scopes.split(scopes), expiresAt, lastError, connectedBy);
            default -> new GrantState(REQUIRED, Scopes.split(requiredScopes), null, lastError, connectedBy);
        };
    }
}
