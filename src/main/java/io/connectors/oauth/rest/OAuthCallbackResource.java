package io.connectors.oauth.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectors.oauth.service.ClientRegistrar;
import io.connectors.oauth.service.ConnectorSignIn;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirements;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestCookie;
import org.jboss.resteasy.reactive.RestQuery;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where authorization servers send the browser back ({@code <public-url>/oauth/callback}) and the client ID
 * metadata document. No bearer token here: a browser redirect carries none. The one-time {@code state} is what binds
 * a callback to the organization, user and connector that started it; nothing else the request says is trusted.
 */
@Path("/oauth")
@Tag(name = "OAuth sign-in", description = "The redirect target of connectors' OAuth sign-ins")
@SecurityRequirements
public class OAuthCallbackResource {

    private final ConnectorSignIn signIn;

    public OAuthCallbackResource(ConnectorSignIn signIn) {
        this.signIn = signIn;
    }

    @GET
    @Path("/callback")
    @Operation(operationId = "finishConnectorAuthorization", summary = "Finish a connector's OAuth sign-in",
            description = "Exchanges the code, stores the tokens and redirects (303) to /mcps?authorized=<mcp_id>, "
                    + "or to /mcps?authorization_error=<text> when anything failed (an unknown, used or expired "
                    + "state stores nothing).")
    @APIResponse(responseCode = "303", description = "Back to the Connectors page")
    public Uni<Response> callback(@RestQuery String code, @RestQuery String state, @RestQuery String iss,
            @RestQuery String error, @RestCookie(ConnectorSignIn.BROWSER_COOKIE) String browser) {
        return signIn.finish(code, state, iss, error, browser).map(finished -> {
            String target = finished.error() == null
                    ? "/mcps?authorized=" + finished.connectorId()
                    : "/mcps?authorization_error=" + URLEncoder.encode(finished.error(), StandardCharsets.UTF_8)
                            .replace("+", "%20")
                            + (finished.connectorId() == null ? "" : "&mcp_id=" + finished.connectorId());
            return Response.seeOther(URI.create(target)).header("Cache-Control", "no-store").build();
        });
    }

    @GET
    @Path("/client-metadata.json")
    @Operation(operationId = "clientMetadataDocument", summary = "This service's OAuth client ID metadata document",
            description = "Its URL is this service's client_id at authorization servers that support client ID "
                    + "metadata documents. 404 while connectors.public-url is not set.")
    @APIResponse(responseCode = "200", description = "The document")
    public Response clientMetadata() {
        return signIn.publicUrl()
                .map(url -> {
                    ObjectNode document = ClientRegistrar.metadataDocument(url);
                    return Response.ok(document.toString(), MediaType.APPLICATION_JSON_TYPE)
                            .header("Cache-Control", "public, max-age=3600").build();
                })
                .orElseGet(() -> Response.status(404).build());
    }
}
