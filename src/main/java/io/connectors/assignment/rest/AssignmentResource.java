package io.connectors.assignment.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.action.ActionRoute;
import io.connectors.action.OrganizationAction;
import io.connectors.assignment.api.AssignmentRequest;
import io.connectors.assignment.api.AssignmentResponse;
import io.connectors.assignment.service.AssignmentService;
import io.connectors.error.ValidationException;
import io.connectors.security.CallerContext;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.List;

/** The teammate Connectors tab: which connectors an AI teammate has enabled. */
@RegisterForReflection(methods = true) // POST /actions/{name} calls its @ActionRoute methods reflectively
@Path(OrganizationAction.PREFIX + "/mcps/employee/{employee_id}")
@Authenticated
@Tag(name = "Assignments", description = "Connectors enabled per AI teammate")
public class AssignmentResource {

    private final AssignmentService service;
    private final CallerContext callerContext;
    private final ObjectMapper mapper;

    public AssignmentResource(AssignmentService service, CallerContext callerContext, ObjectMapper mapper) {
        this.service = service;
        this.callerContext = callerContext;
        this.mapper = mapper;
    }

    @GET
    @ActionRoute(OrganizationAction.LIST_EMPLOYEE_MCPS)
    @Operation(operationId = "listAssignments", summary = "The teammate's enabled connectors")
    public Uni<List<AssignmentResponse>> listAssignments(@RestPath String orgId,
            @RestPath("employee_id") String employeeId) {
        return service.findAssignments(orgId, employeeId);
    }

    @POST
    @ActionRoute(OrganizationAction.ASSIGN_EMPLOYEE_MCP)
    @Operation(operationId = "assignConnector", summary = "Enable a connector for the teammate (idempotent)")
    @APIResponse(responseCode = "201", description = "Enabled now",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AssignmentResponse.class)))
    @APIResponse(responseCode = "200", description = "Was already enabled",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AssignmentResponse.class)))
    public Uni<RestResponse<AssignmentResponse>> assignConnector(@RestPath String orgId,
            @RestPath("employee_id") String employeeId, AssignmentRequest request) {
        return service.assign(orgId, employeeId, callerContext.userId(), request)
                .map(assigned -> RestResponse.ResponseBuilder
                        .<AssignmentResponse>create(assigned.created() ? RestResponse.Status.CREATED
                                : RestResponse.Status.OK)
                        .entity(assigned.assignment())
                        .build());
    }

    @DELETE
    @Consumes(MediaType.WILDCARD)
    @ActionRoute(OrganizationAction.UNASSIGN_EMPLOYEE_MCP)
    @Operation(operationId = "unassignConnector", summary = "Disable a connector for the teammate (idempotent)",
            description = "Name the target with the query parameter mcp_id or oauth_mcp (a JSON body with the same "
                    + "fields is accepted too).")
    @APIResponse(responseCode = "204", description = "Not enabled (any more)")
    public Uni<Void> unassignConnector(@RestPath String orgId, @RestPath("employee_id") String employeeId,
            @Parameter(description = "Id of an organization connector") @RestQuery("mcp_id") String mcpId,
            @Parameter(description = "Key of a predefined OAuth MCP") @RestQuery("oauth_mcp") String oauthMcp,
            @RequestBody(description = "Optional: the target as JSON instead of query parameters",
                    content = @Content(mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = AssignmentRequest.class))) String body) {
        AssignmentRequest target = mcpId == null && oauthMcp == null && body != null && !body.isBlank()
                ? readTarget(body)
                : new AssignmentRequest(mcpId, oauthMcp);
        return service.unassign(orgId, employeeId, target);
    }

    /** The DELETE body is optional and may come without a Content-Type, so it is read here rather than by JAX-RS. */
    private AssignmentRequest readTarget(String body) {
        try {
            return mapper.readValue(body, AssignmentRequest.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ValidationException("body", "is not a JSON object with mcp_id or oauth_mcp: "
                    + e.getOriginalMessage());
        }
    }
}
