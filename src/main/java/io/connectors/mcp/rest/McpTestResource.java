package io.connectors.mcp.rest;

import io.connectors.action.ActionRoute;
import io.connectors.action.OrganizationAction;
import io.connectors.connector.service.ConnectorService;
import io.connectors.error.Problem;
import io.connectors.error.ValidationException;
import io.connectors.mcp.api.RuntimeResponse;
import io.connectors.mcp.api.TestMcpRequest;
import io.connectors.mcp.api.TestResult;
import io.connectors.mcp.service.ConnectorTester;
import io.connectors.mcp.service.McpBuilder;
import io.connectors.mcp.service.McpRuntimeService;
import io.connectors.security.CallerContext;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

/** The live half: testing a connector, and the runtime's resolved configuration. */
@RegisterForReflection(methods = true) // POST /actions/{name} calls its @ActionRoute methods reflectively
@Path(OrganizationAction.PREFIX + "/mcps")
@Authenticated
@Tag(name = "Tester", description = "Live MCP calls: connector tests, teammate tools, runtime configuration")
public class McpTestResource {

    private final McpBuilder builder;
    private final ConnectorTester tester;
    private final McpRuntimeService runtime;
    private final CallerContext callerContext;

    public McpTestResource(McpBuilder builder, ConnectorTester tester, McpRuntimeService runtime,
            CallerContext callerContext) {
        this.builder = builder;
        this.tester = tester;
        this.runtime = runtime;
        this.callerContext = callerContext;
    }

    @POST
    @Path("/test")
    @ActionRoute(OrganizationAction.TEST_MCP)
    @Operation(operationId = "testConnector", summary = "Test a connector: connect and list its tools",
            description = "Answers 200 whenever the test ran, whatever the server said; success and error tell. "
                    + "A predefined OAuth MCP is tested with the caller's integration.")
    @APIResponse(responseCode = "200", description = "The test ran",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TestResult.class)))
    @APIResponse(responseCode = "404", description = "No such connector or predefined OAuth MCP",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<TestResult> testConnector(@RestPath String orgId, TestMcpRequest request) {
        String mcpId = request == null ? null : blankToNull(request.mcpId());
        String oauthMcp = request == null ? null : blankToNull(request.oauthMcp());
        if ((mcpId == null) == (oauthMcp == null)) {
            throw new ValidationException("body", "send exactly one of mcp_id and oauth_mcp");
        }
        String caller = callerContext.userId();
        Uni<java.util.List<io.connectors.mcp.service.ResolvedToolset>> resolved = mcpId != null
                ? builder.forConnector(orgId, caller, ConnectorService.parseId(mcpId))
                : builder.forOAuthMcp(orgId, caller, oauthMcp);
        return resolved.flatMap(toolsets -> tester.test(orgId, toolsets));
    }

    @GET
    @Path("/employee/{employee_id}/runtime")
    @ActionRoute(OrganizationAction.GET_EMPLOYEE_RUNTIME)
    @Operation(operationId = "getEmployeeRuntime", summary = "The teammate's resolved MCP servers, secrets included",
            description = "Only for the agent runtime: a token whose scope holds connectors.runtime.")
    public Uni<RuntimeResponse> getEmployeeRuntime(@RestPath String orgId,
            @RestPath("employee_id") String employeeId) {
        return runtime.findRuntime(orgId, employeeId);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
