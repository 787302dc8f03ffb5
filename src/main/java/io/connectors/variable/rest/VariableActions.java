package io.connectors.variable.rest;

import io.connectors.action.OrganizationAction;
import io.connectors.action.service.ActionHandler;
import io.connectors.action.service.ActionHandlers;
import io.connectors.variable.api.VariableRequest;
import jakarta.inject.Singleton;

import java.util.Map;

/** The variable routes as organization actions. */
@Singleton
public class VariableActions implements ActionHandlers {

    private final VariableResource resource;

    public VariableActions(VariableResource resource) {
        this.resource = resource;
    }

    @Override
    public Map<OrganizationAction, ActionHandler> handlers() {
        return Map.of(
                OrganizationAction.LIST_VARIABLES, a -> resource.listVariables(a.organizationId()),
                OrganizationAction.PUT_VARIABLE, a -> resource.putVariable(a.organizationId(), a.pathParam("name"),
                        a.body(VariableRequest.class)),
                OrganizationAction.DELETE_VARIABLE, a -> resource.deleteVariable(a.organizationId(),
                        a.pathParam("name")));
    }
}
