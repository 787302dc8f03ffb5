package io.connectors.assignment.rest;

import io.connectors.action.OrganizationAction;
import io.connectors.action.service.ActionHandler;
import io.connectors.action.service.ActionHandlers;
import io.connectors.assignment.api.AssignmentRequest;
import jakarta.inject.Singleton;

import java.util.Map;

/** The assignment routes as organization actions. */
@Singleton
public class AssignmentActions implements ActionHandlers {

    private final AssignmentResource resource;

    public AssignmentActions(AssignmentResource resource) {
        this.resource = resource;
    }

    @Override
    public Map<OrganizationAction, ActionHandler> handlers() {
        return Map.of(
                OrganizationAction.LIST_EMPLOYEE_MCPS, a -> resource.listAssignments(a.organizationId(),
                        a.pathParam("employee_id")),
                OrganizationAction.ASSIGN_EMPLOYEE_MCP, a -> resource.assignConnector(a.organizationId(),
                        a.pathParam("employee_id"), a.body(AssignmentRequest.class)),
                OrganizationAction.UNASSIGN_EMPLOYEE_MCP, a -> resource.unassignConnector(a.organizationId(),
                        a.pathParam("employee_id"), a.query("mcp_id"), a.query("oauth_mcp"),
                        a.optionalBody(AssignmentRequest.class)));
    }
}
