package io.connectors.variable.rest;

import io.connectors.action.ActionRoute;
import io.connectors.action.OrganizationAction;
import io.connectors.security.CallerContext;
import io.connectors.variable.api.VariableRequest;
import io.connectors.variable.api.VariableResponse;
import io.connectors.variable.service.VariableService;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.List;

/** Organization variables, referenced from connectors as {@code {{NAME}}}. */
@RegisterForReflection(methods = true) // POST /actions/{name} calls its @ActionRoute methods reflectively
@Path(OrganizationAction.PREFIX + "/variables")
@Authenticated
@Tag(name = "Variables", description = "Named values injected into connectors' URLs and headers")
public class VariableResource {

    private final VariableService service;
    private final CallerContext callerContext;

    public VariableResource(VariableService service, CallerContext callerContext) {
        this.service = service;
        this.callerContext = callerContext;
    }

    @GET
    @ActionRoute(OrganizationAction.LIST_VARIABLES)
    @Operation(operationId = "listVariables", summary = "The organization's variables, secret values masked")
    public Uni<List<VariableResponse>> listVariables(@RestPath String orgId) {
        return service.findVariables(orgId);
    }

    @PUT
    @Path("/{name}")
    @ActionRoute(OrganizationAction.PUT_VARIABLE)
    @Operation(operationId = "putVariable", summary = "Create or replace a variable (people only)")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VariableResponse.class)))
    @APIResponse(responseCode = "200", description = "Replaced",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VariableResponse.class)))
    public Uni<RestResponse<VariableResponse>> putVariable(@RestPath String orgId, @RestPath String name,
            VariableRequest request) {
        return service.putVariable(orgId, name, callerContext.userId(), request)
                .map(saved -> RestResponse.ResponseBuilder
                        .<VariableResponse>create(saved.created() ? RestResponse.Status.CREATED : RestResponse.Status.OK)
                        .entity(saved.variable())
                        .build());
    }

    @DELETE
    @Path("/{name}")
    @ActionRoute(OrganizationAction.DELETE_VARIABLE)
    @Operation(operationId = "deleteVariable", summary = "Remove a variable (people only)")
    @APIResponse(responseCode = "204", description = "Removed")
    public Uni<Void> deleteVariable(@RestPath String orgId, @RestPath String name) {
        return service.deleteVariable(orgId, name);
    }
}
