package io.connectors.assignment;

import io.connectors.connector.Connector;

/**
 * What a teammate has enabled, resolved for building MCP clients: exactly one of {@code connector} and
 * {@code oauthMcp}; {@code assignedBy} is the user whose integration a predefined OAuth MCP runs with.
 */
public record AssignedTarget(Connector connector, String oauthMcp, String assignedBy) {
}
