package io.connectors.oauth.rest;

import io.connectors.action.ActionRoute;
import io.connectors.action.OrganizationAction;
import io.connectors.oauth.api.IntegrationRequest;
import io.connectors.oauth.api.IntegrationResponse;
import io.connectors.oauth.service.IntegrationService;
import io.connectors.security.CallerContext;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

import java.util.List;

/** The caller's own OAuth integrations (tokens go in, never come out). */
@RegisterForReflection(methods = true) // POST /actions/{name} calls its @ActionRoute methods reflectively
@Path(OrganizationAction.PREFIX + "/integrations")
@Authenticated
@Tag(name = "Integrations", description = "The caller's OAuth connections")
public class IntegrationResource {

    private final IntegrationService service;
    private final CallerContext callerContext;

    public IntegrationResource(IntegrationService service, CallerContext callerContext) {
        this.service = service;
        this.callerContext = callerContext;
    }

    @GET
    @ActionRoute(OrganizationAction.LIST_INTEGRATIONS)
    @Operation(operationId = "listIntegrations", summary = "The caller's OAuth connections, one per known provider")
    public Uni<List<IntegrationResponse>> listIntegrations(@RestPath String orgId) {
        return service.findIntegrations(orgId, callerContext.userId());
    }

    @PUT
    @Path("/{provider}")
    @ActionRoute(OrganizationAction.PUT_INTEGRATION)
    @Operation(operationId = "connectIntegration", summary = "Store the caller's tokens for a provider",
            description = "Called by the integrations flow after the user granted access. People only.")
    public Uni<IntegrationResponse> connectIntegration(@RestPath String orgId, @RestPath String provider,
            IntegrationRequest request) {
        return service.connect(orgId, callerContext.userId(), provider, request);
    }

    @DELETE
    @Path("/{provider}")
    @ActionRoute(OrganizationAction.DELETE_INTEGRATION)
    @Operation(operationId = "disconnectIntegration", summary = "Forget the caller's tokens for a provider")
    @APIResponse(responseCode = "204", description = "Disconnected")
    public Uni<Void> disconnectIntegration(@RestPath String orgId, @RestPath String provider) {
        return service.disconnect(orgId, callerContext.userId(), provider);
    }
}
