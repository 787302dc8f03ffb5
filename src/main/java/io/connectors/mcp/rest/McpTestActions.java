package io.connectors.mcp.rest;

import io.connectors.action.OrganizationAction;
import io.connectors.action.service.ActionHandler;
import io.connectors.action.service.ActionHandlers;
import io.connectors.mcp.api.TestMcpRequest;
import jakarta.inject.Singleton;

import java.util.Map;

/** The tester routes as organization actions. */
@Singleton
public class McpTestActions implements ActionHandlers {

    private final McpTestResource resource;

    public McpTestActions(McpTestResource resource) {
        this.resource = resource;
    }

    @Override
    public Map<OrganizationAction, ActionHandler> handlers() {
        return Map.of(
                OrganizationAction.TEST_MCP, a -> resource.testConnector(a.organizationId(),
                        a.body(TestMcpRequest.class)),
                OrganizationAction.LIST_EMPLOYEE_TOOLS, a -> resource.listEmployeeTools(a.organizationId(),
                        a.pathParam("employee_id")),
                OrganizationAction.GET_EMPLOYEE_RUNTIME, a -> resource.getEmployeeRuntime(a.organizationId(),
                        a.pathParam("employee_id")));
    }
}
