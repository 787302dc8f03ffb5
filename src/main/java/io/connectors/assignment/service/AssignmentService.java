package io.connectors.assignment.service;

import io.connectors.assignment.AssignedTarget;
import io.connectors.assignment.Assignment;
import io.connectors.assignment.api.AssignmentRequest;
import io.connectors.assignment.api.AssignmentResponse;
import io.connectors.assignment.repository.AssignmentRepository;
import io.connectors.connector.Connector;
import io.connectors.connector.ConnectorNotFoundException;
import io.connectors.error.Problem.FieldError;
import io.connectors.error.SqlViolations;
import io.connectors.error.ValidationException;
import io.connectors.oauth.OAuthMcpDefinition;
import io.connectors.oauth.OAuthMcpProvider;
import io.connectors.security.OpaqueIds;
import io.connectors.database.Timestamps;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Which connectors each AI teammate has enabled. Enabling and disabling are idempotent. */
@Singleton
public class AssignmentService {

    /** A validated assignment target: exactly one of the two is set. */
    public record Target(UUID mcpId, String oauthMcp) {
    }

    /** The result of enabling: the assignment, and whether it is new. */
    public record Assigned(AssignmentResponse assignment, boolean created) {
    }

    private final AssignmentRepository repository;
    private final OAuthMcpProvider oauthMcps;

    public AssignmentService(AssignmentRepository repository, OAuthMcpProvider oauthMcps) {
        this.repository = repository;
        this.oauthMcps = oauthMcps;
    }

    @WithSession
    public Uni<List<AssignmentResponse>> findAssignments(String organizationId, String employeeId) {
        checkEmployeeId(employeeId);
        return repository.findWithNames(organizationId, employeeId)
                .map(rows -> rows.stream().map(r -> toResponse(r.assignment(), r.connectorName())).toList());
    }

    /** The teammate's assignments with connectors loaded, for building MCP clients. */
    @WithSession
    public Uni<List<AssignedTarget>> findAssignedTargets(String organizationId, String employeeId) {
        checkEmployeeId(employeeId);
        return repository.findWithConnectors(organizationId, employeeId)
                .map(rows -> rows.stream().map(r -> {
                    Assignment assignment = (Assignment) r[0];
                    return new AssignedTarget((Connector) r[1], assignment.oauthMcp, assignment.createdBy);
                }).toList());
    }

    @WithTransaction
    public Uni<Assigned> assign(String organizationId, String employeeId, String userId, AssignmentRequest request) {
        checkEmployeeId(employeeId);
        Target target = checkTarget(request, true);
        Assignment candidate = new Assignment();
        candidate.id = UUID.randomUUID();
        candidate.organizationId = organizationId;
        candidate.employeeId = employeeId;
        candidate.mcpId = target.mcpId();
        candidate.oauthMcp = target.oauthMcp();
        candidate.createdAt = Timestamps.now();
        candidate.createdBy = userId;
        return repository.upsert(candidate)
                .onFailure(SqlViolations::isForeignKeyViolation).transform(e -> new ConnectorNotFoundException(target.mcpId()))
                .map(upserted -> new Assigned(toResponse(upserted.assignment(), upserted.connectorName()),
                        upserted.created()));
    }

    /** Disables the target for the teammate; nothing to disable is fine too. */
    @WithTransaction
    public Uni<Void> unassign(String organizationId, String employeeId, AssignmentRequest request) {
        checkEmployeeId(employeeId);
        Target target = checkTarget(request, false);
        return repository.deleteTarget(organizationId, employeeId, target.mcpId(), target.oauthMcp()).replaceWithVoid();
    }

    /** Exactly one of mcp_id and oauth_mcp, well formed; on assign, an OAuth key must be predefined. */
    Target checkTarget(AssignmentRequest request, boolean mustExist) {
        String mcpId = request == null ? null : blankToNull(request.mcpId());
        String oauthMcp = request == null ? null : blankToNull(request.oauthMcp());
        if ((mcpId == null) == (oauthMcp == null)) {
            throw new ValidationException(List.of(
                    new FieldError("mcp_id", "give exactly one of mcp_id and oauth_mcp"),
                    new FieldError("oauth_mcp", "give exactly one of mcp_id and oauth_mcp")));
        }
        if (mcpId != null) {
            try {
                return new Target(UUID.fromString(mcpId), null);
            } catch (IllegalArgumentException e) {
                if (mustExist) {
                    throw new ConnectorNotFoundException(mcpId);
                }
                throw new ValidationException("mcp_id", "must be a connector id (UUID)");
            }
        }
        if (mustExist && !oauthMcps.isKnown(oauthMcp)) {
            throw new ValidationException("oauth_mcp", "is not a predefined OAuth MCP; known: "
                    + String.join(", ", oauthMcps.definitions().stream().map(OAuthMcpDefinition::key).toList()));
        }
        return new Target(null, oauthMcp);
    }

    private AssignmentResponse toResponse(Assignment assignment, String connectorName) {
        String name = assignment.oauthMcp != null ? oauthMcpName(assignment.oauthMcp) : connectorName;
        return new AssignmentResponse(assignment.id, assignment.employeeId, assignment.mcpId, assignment.oauthMcp,
                name, assignment.createdAt, assignment.createdBy);
    }

    private String oauthMcpName(String key) {
        return oauthMcps.find(key).map(OAuthMcpDefinition::name).orElse(key);
    }

    static void checkEmployeeId(String employeeId) {
        if (employeeId == null || !OpaqueIds.OPAQUE_ID.matcher(employeeId).matches()) {
            throw new ValidationException("employee_id", "must be 1 to 64 of A-Z, a-z, 0-9, _ and -");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
