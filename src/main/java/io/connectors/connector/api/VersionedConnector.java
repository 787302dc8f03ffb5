package io.connectors.connector.api;

/**
 * A connector's response together with the {@code ETag} of the stored version it shows, so the resource can answer
 * both without seeing the entity.
 */
public record VersionedConnector(ConnectorResponse connector, String etag) {
}
