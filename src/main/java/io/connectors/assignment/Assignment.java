package io.connectors.assignment;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An AI teammate has a connector enabled: exactly one of {@link #mcpId} and {@link #oauthMcp} is set. */
@Entity
@Table(name = "assignment")
public class Assignment {

    @Id
    public UUID id;

    public String organizationId;

    public String employeeId;

    /** An organization connector. */
    public UUID mcpId;

    /** A predefined OAuth MCP's key. */
    public String oauthMcp;

    public Instant createdAt;

    /** The user who enabled it; predefined OAuth MCPs run with this user's integration. */
    public String createdBy;

    /** Upstream tool names the gateway serves; {@code null}: every tool, new ones included. */
    public String[] tools;
}
