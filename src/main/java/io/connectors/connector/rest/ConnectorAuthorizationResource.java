package io.connectors.connector.rest;

import io.connectors.action.ActionRoute;
import io.connectors.action.OrganizationAction;
import io.connectors.connector.api.AuthorizationStartResponse;
import io.connectors.connector.service.ConnectorAuthorizationService;
import io.connectors.connector.service.ConnectorService;
import io.connectors.security.CallerContext;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import io.connectors.oauth.service.ConnectorSignIn;
import jakarta.ws.rs.core.NewCookie;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestCookie;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/** OAuth sign-in of {@code auth: oauth} connectors (people only). */
@RegisterForReflection(methods = true) // POST /actions/{name} calls its @ActionRoute methods reflectively
@Path(OrganizationAction.PREFIX + "/mcps/mcp/{mcp_id}/authorization")
@Authenticated
@Tag(name = "Connectors", description = "The organization's MCP servers")
public class ConnectorAuthorizationResource {

    private final ConnectorAuthorizationService service;
    private final CallerContext callerContext;
    private final ConnectorSignIn signIn;

    public ConnectorAuthorizationResource(ConnectorAuthorizationService service, CallerContext callerContext,
            ConnectorSignIn signIn) {
        this.service = service;
        this.callerContext = callerContext;
        this.signIn = signIn;
    }

    @POST
    @ActionRoute(OrganizationAction.START_MCP_AUTHORIZATION)
    @Operation(operationId = "startConnectorAuthorization", summary = "Start the OAuth sign-in of a connector",
            description = "Discovers the server's authorization server, registers this service if needed and "
                    + "answers the URL to open in the browser. For credential: user the sign-in is the caller's; "
                    + "for credential: organization it is the organization's (any staff member may make it). The "
                    + "authorization server sends the browser back to /oauth/callback, which redirects to the "
                    + "Connectors page. People only: an AI teammate gets 403.")
    @APIResponse(responseCode = "200", description = "Open authorization_url in the browser",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = AuthorizationStartResponse.class)))
    @APIResponse(responseCode = "409", description = "The connector doesn't use OAuth sign-in (auth: headers)",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = io.connectors.error.Problem.class)))
    @APIResponse(responseCode = "502", description = "Discovery or registration failed; the detail says why",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = io.connectors.error.Problem.class)))
    @APIResponse(responseCode = "503", description = "connectors.public-url is not set",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = io.connectors.error.Problem.class)))
    public Uni<RestResponse<AuthorizationStartResponse>> startConnectorAuthorization(@RestPath String orgId,
            @RestPath("mcp_id") String mcpId,
            @Parameter(hidden = true) @RestCookie(ConnectorSignIn.BROWSER_COOKIE) String browser) {
        // The callback must come back to this browser: a nonce cookie it keeps, whose hash the sign-in stores.
        String nonce = ConnectorSignIn.isBrowserNonce(browser) ? browser : ConnectorSignIn.newBrowserNonce();
        boolean secure = publicUrl().startsWith("https:");
        NewCookie cookie = new NewCookie.Builder(ConnectorSignIn.BROWSER_COOKIE).value(nonce).path("/")
                .maxAge((int) ConnectorSignIn.SIGN_IN_TIME.toSeconds() * 6).httpOnly(true).secure(secure)
                .sameSite(NewCookie.SameSite.LAX).build();
        return service.startSignIn(orgId, callerContext.userId(), ConnectorService.parseId(mcpId), nonce)
                .map(started -> RestResponse.ResponseBuilder.ok(started).cookie(cookie).build());
    }

    private String publicUrl() {
        return signIn.publicUrl().orElse("");
    }

    @DELETE
    @ActionRoute(OrganizationAction.FORGET_MCP_AUTHORIZATION)
    @Operation(operationId = "forgetConnectorAuthorization", summary = "Forget a connector's OAuth sign-in",
            description = "Forgets the caller's tokens (for credential: organization, the organization's) and "
                    + "revokes them where the authorization server offers RFC 7009 revocation. A revocation that "
                    + "fails still forgets. Idempotent. People only.")
    @APIResponse(responseCode = "204", description = "Forgotten")
    public Uni<Void> forgetConnectorAuthorization(@RestPath String orgId, @RestPath("mcp_id") String mcpId) {
        return service.forgetSignIn(orgId, callerContext.userId(), ConnectorService.parseId(mcpId));
    }
}
