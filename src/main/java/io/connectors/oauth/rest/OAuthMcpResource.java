package io.connectors.oauth.rest;

import io.connectors.action.ActionRoute;
import io.connectors.action.OrganizationAction;
import io.connectors.oauth.api.OAuthMcpResponse;
import io.connectors.oauth.service.IntegrationService;
import io.connectors.security.CallerContext;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

import java.util.List;

/** The predefined OAuth MCPs, as the Connectors page shows them at the top of its table. */
@RegisterForReflection(methods = true) // POST /actions/{name} calls its @ActionRoute methods reflectively
@Path(OrganizationAction.PREFIX + "/mcps/oauth")
@Authenticated
@Tag(name = "Connectors")
public class OAuthMcpResource {

    private final IntegrationService service;
    private final CallerContext callerContext;

    public OAuthMcpResource(IntegrationService service, CallerContext callerContext) {
        this.service = service;
        this.callerContext = callerContext;
    }

    @GET
    @ActionRoute(OrganizationAction.LIST_OAUTH_MCPS)
    @Operation(operationId = "listOAuthMcps", summary = "The predefined OAuth MCPs, with connected for the caller")
    public Uni<List<OAuthMcpResponse>> listOAuthMcps(@RestPath String orgId) {
        return service.findOAuthMcps(orgId, callerContext.userId());
    }
}
