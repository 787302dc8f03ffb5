package io.connectors.gateway.rest;

import io.connectors.action.OrganizationAction;
import io.connectors.gateway.service.GatewayAccess;
import io.connectors.gateway.service.GatewayProtocol;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;

/**
 * The teammate gateway: one MCP server (Streamable HTTP, stateless: each POST stands alone, no
 * {@code Mcp-Session-Id} is issued or needed) presenting the teammate's enabled connectors. Not an organization
 * action: {@link GatewayAccess} decides who may connect. Left out of the OpenAPI document: it is an MCP endpoint
 * (JSON-RPC over HTTP) for MCP clients, not a REST resource to generate a client from.
 */
@Path(OrganizationAction.PREFIX + "/mcps/employee/{employee_id}/mcp")
@Authenticated
public class GatewayResource {

    private final GatewayAccess access;
    private final GatewayProtocol protocol;

    public GatewayResource(GatewayAccess access, GatewayProtocol protocol) {
        this.access = access;
        this.protocol = protocol;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Uni<Response> postMessage(@RestPath String orgId, @RestPath("employee_id") String employeeId,
            @RestHeader("MCP-Protocol-Version") String protocolVersion, String body) {
        return access.admit(orgId, employeeId).flatMap(session -> {
            if (protocolVersion != null && !protocol.protocolVersions().contains(protocolVersion.strip())) {
                return Uni.createFrom().item(protocol.error(400, null, McpSchema.ErrorCodes.INVALID_REQUEST,
                        "Unsupported MCP-Protocol-Version; this server speaks "
                                + String.join(", ", protocol.protocolVersions())));
            }
            return protocol.handle(session, body);
        }).map(reply -> reply.body() == null ? Response.status(reply.status()).build()
                : Response.status(reply.status()).type(MediaType.APPLICATION_JSON).entity(reply.body()).build());
    }

    @GET
    @Operation(hidden = true) // not offered: the gateway sends no server-initiated messages
    public Response openStream() {
        return notAllowed();
    }

    @DELETE
    @Operation(hidden = true) // not offered: the gateway keeps no sessions to end
    public Response endSession() {
        return notAllowed();
    }

    private static Response notAllowed() {
        return Response.status(Response.Status.METHOD_NOT_ALLOWED).header("Allow", "POST").build();
    }
}
