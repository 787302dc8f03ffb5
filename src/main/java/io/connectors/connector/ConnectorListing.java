package io.connectors.connector;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A connector as the registry's list shows it: everything but the sealed header values. */
public record ConnectorListing(UUID id, String organizationId, String name, String type, String url,
        List<String> headerNames, String oauthMcp, Instant createdAt, Instant updatedAt, String createdBy,
        String updatedBy) {
}
