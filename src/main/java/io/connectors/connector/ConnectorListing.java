package io.connectors.connector;

import io.connectors.oauth.GrantState;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A connector as the registry's list shows it: everything but the sealed header values and client secret, with
 * the sign-in state as the caller sees it ({@code authorization}).
 */
public record ConnectorListing(UUID id, String organizationId, String name, String type, String url,
        List<String> headerNames, String oauthMcp, String auth, String credential, String oauthClientId,
        boolean oauthClientHasSecret, String oauthClientScopes, GrantState authorization, Instant createdAt,
        Instant updatedAt, String createdBy, String updatedBy) {
}
