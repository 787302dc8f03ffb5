package io.connectors.gateway.rest;

import io.connectors.action.ActionRoute;
import io.connectors.action.OrganizationAction;
import io.connectors.gateway.service.GatewayTools;
import io.connectors.mcp.api.TestResult;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/**
 * A teammate's tools as its tab shows them (the tool checkboxes): what the gateway serves, before the tool choice,
 * from the gateway's cached lists.
 */
@RegisterForReflection(methods = true) // POST /actions/{name} calls its @ActionRoute methods reflectively
@Path(OrganizationAction.PREFIX + "/mcps/employee/{employee_id}/tools")
@Authenticated
@Tag(name = "Gateway", description = "The teammate's connectors as one MCP server")
public class TeammateToolsResource {

    private final GatewayTools tools;

    public TeammateToolsResource(GatewayTools tools) {
        this.tools = tools;
    }

    @GET
    @ActionRoute(OrganizationAction.LIST_EMPLOYEE_TOOLS)
    @Operation(operationId = "listEmployeeTools", summary = "List the tools of every connector the teammate has",
            description = "The test result shape, one toolset per connector (or per toolset of a predefined OAuth "
                    + "MCP), every upstream tool whatever the assignment's tool choice. Predefined OAuth MCPs run "
                    + "with the integration of the user who enabled them. Served from the gateway's cached tool "
                    + "lists where it has them (connectors.gateway.tools-ttl); a connector that fails says why.")
    public Uni<TestResult> listEmployeeTools(@RestPath String orgId, @RestPath("employee_id") String employeeId) {
        return tools.teammateTools(orgId, employeeId);
    }
}
