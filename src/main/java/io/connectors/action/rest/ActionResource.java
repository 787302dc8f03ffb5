package io.connectors.action.rest;

import io.connectors.action.ActionRoute;
import io.connectors.action.OrganizationAction;
import io.connectors.action.api.ActionDescription;
import io.connectors.action.api.RunActionRequest;
import io.connectors.action.service.ActionDispatcher;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

import java.util.Arrays;
import java.util.List;

/** The organization actions: the catalog, and running one by name (the organization-action tool's entry point). */
@RegisterForReflection(methods = true) // POST /actions/{name} calls its @ActionRoute methods reflectively
@Path(OrganizationAction.PREFIX + "/actions")
@Authenticated
@Tag(name = "Actions", description = "Organization actions, as run by the organization-action tool")
public class ActionResource {

    private static final List<ActionDescription> CATALOG = Arrays.stream(OrganizationAction.values())
            .filter(OrganizationAction::dispatchable)
            .map(ActionDescription::of)
            .toList();

    private final ActionDispatcher dispatcher;

    public ActionResource(ActionDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @GET
    @ActionRoute(OrganizationAction.LIST_ACTIONS)
    @Operation(operationId = "listActions", summary = "List the organization actions and whether AI may run each")
    public Uni<List<ActionDescription>> listActions(@RestPath String orgId) {
        return Uni.createFrom().item(CATALOG);
    }

    @POST
    @Path("/{name}")
    @ActionRoute(OrganizationAction.RUN_ACTION)
    @Operation(operationId = "runAction", summary = "Run an organization action",
            description = "Answers exactly as the action's route would: same status, body and problems.")
    @APIResponse(responseCode = "200", description = "The route's own response (its status may be 201 or 204)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Object.class,
                    description = "The body the action's route answers with")))
    public Uni<Response> runAction(@RestPath String orgId, @RestPath String name, RunActionRequest request) {
        return dispatcher.run(orgId, name, request);
    }
}
