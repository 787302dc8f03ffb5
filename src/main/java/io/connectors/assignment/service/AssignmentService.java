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

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.error.UnstorableCharacters;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Which connectors each AI teammate has enabled. Enabling and disabling are idempotent. */
@Singleton
public class AssignmentService {

    /** Most tool names one assignment may choose (the tester keeps at most 2000 tools per toolset). */
    public static final int MAX_TOOLS = 2000;

    /** Longest tool name (MCP's own limit, and the tester's). */
    public static final int MAX_TOOL_NAME_LENGTH = 128;

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
                    return new AssignedTarget((Connector) r[1], assignment.oauthMcp, assignment.createdBy,
                            assignment.tools == null ? null : List.of(assignment.tools));
                }).toList());
    }

    @WithTransaction
    public Uni<Assigned> assign(String organizationId, String employeeId, String userId, AssignmentRequest request) {
        checkEmployeeId(employeeId);
        Target target = checkTarget(request, true);
        ToolChoice choice = checkTools(request.tools());
        Assignment candidate = new Assignment();
        candidate.id = UUID.randomUUID();
        candidate.organizationId = organizationId;
        candidate.employeeId = employeeId;
        candidate.mcpId = target.mcpId();
        candidate.oauthMcp = target.oauthMcp();
        candidate.createdAt = Timestamps.now();
        candidate.createdBy = userId;
        candidate.tools = choice.tools() == null ? null : choice.tools().toArray(String[]::new);
        return repository.upsert(candidate, choice.given())
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

    /** The request's {@code tools}: whether it was given at all, and the names ({@code null}: every tool). */
    record ToolChoice(boolean given, List<String> tools) {
    }

    /**
     * {@code tools} left out, {@code null}, or an array of distinct, non-blank upstream tool names within the
     * bounds a tool list itself has; each bad element is its own error.
     */
    static ToolChoice checkTools(JsonNode tools) {
        if (tools == null) {
            return new ToolChoice(false, null);
        }
        if (tools.isNull()) {
            return new ToolChoice(true, null);
        }
        if (!tools.isArray()) {
            throw new ValidationException("tools", "must be null (every tool) or an array of tool names");
        }
        if (tools.size() > MAX_TOOLS) {
            throw new ValidationException("tools", "may name at most " + MAX_TOOLS + " tools");
        }
        List<FieldError> errors = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < tools.size(); i++) {
            JsonNode element = tools.get(i);
            String field = "tools[" + i + "]";
            if (!element.isTextual()) {
                errors.add(new FieldError(field, "must be a tool name (a string)"));
                continue;
            }
            String name = element.textValue();
            String unstorable = UnstorableCharacters.problem(name);
            if (unstorable != null) {
                errors.add(new FieldError(field, unstorable));
            } else if (name.isBlank()) {
                errors.add(new FieldError(field, "must not be blank"));
            } else if (name.length() > MAX_TOOL_NAME_LENGTH) {
                errors.add(new FieldError(field, "must be at most " + MAX_TOOL_NAME_LENGTH + " characters"));
            } else if (!names.add(name)) {
                errors.add(new FieldError(field, "names " + name + " twice"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return new ToolChoice(true, List.copyOf(names));
    }

    private AssignmentResponse toResponse(Assignment assignment, String connectorName) {
        String name = assignment.oauthMcp != null ? oauthMcpName(assignment.oauthMcp) : connectorName;
        return new AssignmentResponse(assignment.id, assignment.employeeId, assignment.mcpId, assignment.oauthMcp,
                name, assignment.createdAt, assignment.createdBy,
                assignment.tools == null ? null : List.of(assignment.tools));
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
