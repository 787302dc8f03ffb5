package io.connectors.assignment;

import io.connectors.connector.Connector;

import java.util.List;

/**
 * What a teammate has enabled, resolved for building MCP clients: exactly one of {@code connector} and
 * {@code oauthMcp}; {@code assignedBy} is the user whose integration a predefined OAuth MCP runs with; {@code tools}
 * the upstream tool names chosen for it, {@code null} for all of them (new ones included).
 */
public record AssignedTarget(Connector connector, String oauthMcp, String assignedBy, List<String> tools) {

    public AssignedTarget(Connector connector, String oauthMcp, String assignedBy) {
        this(connector, oauthMcp, assignedBy, null);
    }

    /** Whether the assignment serves the upstream tool {@code name}. */
    public boolean allows(String name) {
        return tools == null || tools.contains(name);
    }
}
