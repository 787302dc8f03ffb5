package io.connectors.action.service;

import io.connectors.action.OrganizationAction;

import java.util.Map;

/**
 * A feature's contribution to the action dispatcher: the handlers of the actions its resources serve. Each
 * feature declares one such bean, so adding a route and its action stays within the feature.
 */
public interface ActionHandlers {
    Map<OrganizationAction, ActionHandler> handlers();
}
