package io.connectors.connector.rest;

import io.connectors.action.OrganizationAction;
import io.connectors.action.service.ActionHandler;
import io.connectors.action.service.ActionHandlers;
import io.connectors.connector.api.ConnectorRequest;
import jakarta.inject.Singleton;

import java.util.Map;

/** The connector routes as organization actions. */
@Singleton
public class ConnectorActions implements ActionHandlers {

    private final ConnectorResource resource;

    public ConnectorActions(ConnectorResource resource) {
        this.resource = resource;
    }

    @Override
    public Map<OrganizationAction, ActionHandler> handlers() {
        return Map.of(
                OrganizationAction.LIST_MCPS, a -> resource.listConnectors(a.organizationId(), a.query("after"),
                        a.query("limit") == null ? null : parseLimit(a.query("limit"))),
                OrganizationAction.CREATE_MCP, a -> resource.createConnector(a.organizationId(),
                        a.body(ConnectorRequest.class)),
                OrganizationAction.GET_MCP, a -> resource.getConnector(a.organizationId(), a.pathParam("mcp_id")),
                OrganizationAction.UPDATE_MCP, a -> resource.updateConnector(a.organizationId(), a.pathParam("mcp_id"),
                        null, a.body(ConnectorRequest.class)),
                OrganizationAction.DELETE_MCP, a -> resource.deleteConnector(a.organizationId(),
                        a.pathParam("mcp_id")));
    }

    private static Integer parseLimit(String limit) {
        try {
            return Integer.valueOf(limit);
        } catch (NumberFormatException e) {
            throw new io.connectors.error.ValidationException("query.limit", "must be a whole number");
        }
    }
}
