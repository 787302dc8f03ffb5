package io.connectors.oauth;

/**
 * The OAuth client this service is at one authorization server: its id, secret (plaintext while in memory, sealed
 * at rest), how it authenticates at the token endpoint ({@code none}, {@code client_secret_basic} or
 * {@code client_secret_post}), and whether it came from dynamic registration (then it is registered again when
 * refused).
 */
public record RegisteredClient(String clientId, String clientSecret, String authMethod, boolean registered) {

    public static final String NONE = "none";
    public static final String BASIC = "client_secret_basic";
    public static final String POST = "client_secret_post";

    @Override
    public String toString() {
        return "RegisteredClient[clientId=" + clientId + ", authMethod=" + authMethod + ", registered=" + registered
                + "]";
    }
}
