package io.connectors.connector.rest;

import io.connectors.action.ActionRoute;
import io.connectors.action.OrganizationAction;
import io.connectors.config.ConnectorsConfig;
import io.connectors.connector.api.ConnectorRequest;
import io.connectors.connector.api.ConnectorResponse;
import io.connectors.connector.api.VersionedConnector;
import io.connectors.connector.service.ConnectorService;
import io.connectors.error.ValidationException;
import io.connectors.security.CallerContext;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The organization's connector registry (the Connectors page's table and dialogs). */
@RegisterForReflection(methods = true) // POST /actions/{name} calls its @ActionRoute methods reflectively
@Path(OrganizationAction.PREFIX + "/mcps")
@Authenticated
@Tag(name = "Connectors", description = "The organization's MCP servers")
public class ConnectorResource {

    private static final String ETAG_DESCRIPTION = "The stored version; send it back as If-Match when updating";

    private final ConnectorService service;
    private final CallerContext callerContext;
    private final int maxPageSize;

    public ConnectorResource(ConnectorService service, CallerContext callerContext, ConnectorsConfig config) {
        this.service = service;
        this.callerContext = callerContext;
        this.maxPageSize = config.limits().pageSize();
    }

    @GET
    @ActionRoute(OrganizationAction.LIST_MCPS)
    @Operation(operationId = "listConnectors", summary = "List the organization's connectors, ordered by name",
            description = "Returns at most `limit` connectors (default and maximum: connectors.limits.page-size, "
                    + "500). When more follow, a `Link: <...>; rel=\"next\"` header gives the next page.")
    @APIResponse(responseCode = "200", description = "Connectors, header values masked",
            headers = @Header(name = "Link", description = "Next page, when there is one", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = ConnectorResponse.class)))
    public Uni<RestResponse<List<ConnectorResponse>>> listConnectors(@RestPath String orgId,
            @Parameter(description = "Return connectors whose name sorts after this one") @RestQuery String after,
            @Parameter(description = "Page size, 1 to connectors.limits.page-size") @RestQuery Integer limit) {
        int pageSize = limit == null ? maxPageSize : limit;
        if (pageSize < 1 || pageSize > maxPageSize) {
            throw new ValidationException("limit", "must be between 1 and " + maxPageSize);
        }
        return service.listConnectors(orgId, callerContext.userId(), after, pageSize + 1).map(rows -> {
            List<ConnectorResponse> page = rows.stream().limit(pageSize).toList();
            var response = RestResponse.ResponseBuilder.ok(page);
            if (rows.size() > pageSize) {
                // Not a URI template: a name may hold braces, percent signs or any other character, so the value
                // is percent-encoded as a whole (orgId is an opaque id, already checked to need no encoding).
                String lastName = URLEncoder.encode(page.get(page.size() - 1).name(), StandardCharsets.UTF_8)
                        .replace("+", "%20");
                String next = OrganizationAction.PREFIX.replace("{orgId}", orgId) + "/mcps?limit=" + pageSize
                        + "&after=" + lastName;
                response.header("Link", "<" + next + ">; rel=\"next\"");
            }
            return response.build();
        });
    }

    @POST
    @ActionRoute(OrganizationAction.CREATE_MCP)
    @Operation(operationId = "createConnector", summary = "Create a connector")
    @APIResponse(responseCode = "201", description = "Created",
            headers = {
                @Header(name = "Location", description = "URL of the new connector", schema = @Schema(type = SchemaType.STRING)),
                @Header(name = "ETag", description = ETAG_DESCRIPTION, schema = @Schema(type = SchemaType.STRING))},
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConnectorResponse.class)))
    @APIResponse(responseCode = "409", description = "A connector with this name exists",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = io.connectors.error.Problem.class)))
    public Uni<RestResponse<ConnectorResponse>> createConnector(@RestPath String orgId, ConnectorRequest request) {
        return service.create(orgId, callerContext.userId(), request)
                .map(created -> RestResponse.ResponseBuilder
                        .<ConnectorResponse>create(RestResponse.Status.CREATED)
                        .location(UriBuilder.fromPath(OrganizationAction.PREFIX + "/mcps/mcp/{mcpId}")
                                .build(orgId, created.connector().id()))
                        .header(HttpHeaders.ETAG, created.etag())
                        .entity(created.connector())
                        .build());
    }

    @GET
    @Path("/mcp/{mcp_id}")
    @ActionRoute(OrganizationAction.GET_MCP)
    @Operation(operationId = "getConnector", summary = "Get one connector")
    @APIResponse(responseCode = "200", description = "The connector, header values masked",
            headers = @Header(name = "ETag", description = ETAG_DESCRIPTION, schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConnectorResponse.class)))
    public Uni<RestResponse<ConnectorResponse>> getConnector(@RestPath String orgId, @RestPath("mcp_id") String mcpId) {
        return service.getConnector(orgId, ConnectorService.parseId(mcpId), callerContext.userId())
                .map(ConnectorResource::withETag);
    }

    @PUT
    @Path("/mcp/{mcp_id}")
    @ActionRoute(OrganizationAction.UPDATE_MCP)
    @Operation(operationId = "updateConnector", summary = "Update a connector",
            description = "Fields left out keep their values. Headers: a name mapped to null (or to the mask) keeps "
                    + "its stored value, a name left out is removed, `headers` left out keeps all. Header values "
                    + "are bound to the server (origin) they were given for: a URL that, with variables injected, "
                    + "points to another origin needs every header value again (400 naming the others). The type "
                    + "can't change. An AI teammate may not remove or replace stored header values, nor move a "
                    + "connector that has them to another origin (403). Send `If-Match` with the ETag you loaded "
                    + "so that a change saved meanwhile is not overwritten (412).")
    @APIResponse(responseCode = "200", description = "Updated",
            headers = @Header(name = "ETag", description = ETAG_DESCRIPTION, schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ConnectorResponse.class)))
    @APIResponse(responseCode = "409", description = "Name taken, or changed concurrently",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = io.connectors.error.Problem.class)))
    @APIResponse(responseCode = "412", description = "If-Match names a version that is no longer the stored one: "
            + "reload the connector and apply the change again",
            content = @Content(mediaType = "application/problem+json",
                    schema = @Schema(implementation = io.connectors.error.Problem.class)))
    public Uni<RestResponse<ConnectorResponse>> updateConnector(@RestPath String orgId,
            @RestPath("mcp_id") String mcpId,
            @Parameter(description = "The ETag of the version the change was made from; `*` or none: unconditional")
            @RestHeader("If-Match") String ifMatch,
            ConnectorRequest request) {
        boolean keepStoredSecrets = callerContext.caller().ai()
                && OrganizationAction.UPDATE_MCP.restrictsAi(OrganizationAction.AiRestriction.KEEP_STORED_SECRETS);
        return service.update(orgId, ConnectorService.parseId(mcpId), callerContext.userId(), request, ifMatch,
                keepStoredSecrets).map(ConnectorResource::withETag);
    }

    private static RestResponse<ConnectorResponse> withETag(VersionedConnector versioned) {
        return RestResponse.ResponseBuilder.ok(versioned.connector())
                .header(HttpHeaders.ETAG, versioned.etag())
                .build();
    }

    @DELETE
    @Path("/mcp/{mcp_id}")
    @ActionRoute(OrganizationAction.DELETE_MCP)
    @Operation(operationId = "deleteConnector", summary = "Delete a connector and its assignments (people only)")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Uni<Void> deleteConnector(@RestPath String orgId, @RestPath("mcp_id") String mcpId) {
        return service.deleteConnector(orgId, ConnectorService.parseId(mcpId));
    }
}
