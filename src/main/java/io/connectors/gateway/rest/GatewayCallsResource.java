package io.connectors.gateway.rest;

import io.connectors.action.ActionRoute;
import io.connectors.action.OrganizationAction;
import io.connectors.gateway.api.GatewayCallResponse;
import io.connectors.gateway.service.GatewayAudit;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.List;

/** The gateway's audit records of a teammate. */
@RegisterForReflection(methods = true) // POST /actions/{name} calls its @ActionRoute methods reflectively
@Path(OrganizationAction.PREFIX + "/mcps/employee/{employee_id}/calls")
@Authenticated
@Tag(name = "Gateway", description = "The teammate's connectors as one MCP server")
public class GatewayCallsResource {

    private final GatewayAudit audit;

    public GatewayCallsResource(GatewayAudit audit) {
        this.audit = audit;
    }

    @GET
    @ActionRoute(OrganizationAction.LIST_EMPLOYEE_CALLS)
    @Operation(operationId = "listEmployeeCalls", summary = "The gateway's tool calls of the teammate, newest first",
            description = "A full page carries a Link header (rel=\"next\") to the older calls.")
    public Uni<RestResponse<List<GatewayCallResponse>>> listEmployeeCalls(@RestPath String orgId,
            @RestPath("employee_id") String employeeId,
            @Parameter(description = "Page size, 1 to 200 (default 50)") @RestQuery Integer limit,
            @Parameter(description = "Only calls older than the call with this id (the last of the previous page)")
            @RestQuery String before) {
        return audit.findCalls(orgId, employeeId, limit, before).map(calls -> {
            RestResponse.ResponseBuilder<List<GatewayCallResponse>> response = RestResponse.ResponseBuilder.ok(calls);
            int size = limit == null ? GatewayAudit.DEFAULT_LIMIT : limit;
            if (calls.size() == size) {
                String next = "/api/organizations/" + orgId + "/mcps/employee/" + employeeId + "/calls?limit=" + size
                        + "&before=" + calls.get(calls.size() - 1).id();
                response.header("Link", "<" + next + ">; rel=\"next\"");
            }
            return response.build();
        });
    }
}
