package io.connectors.oauth.rest;

import io.connectors.action.OrganizationAction;
import io.connectors.action.service.ActionHandler;
import io.connectors.action.service.ActionHandlers;
import io.connectors.oauth.api.IntegrationRequest;
import jakarta.inject.Singleton;

import java.util.Map;

/** The OAuth MCP and integration routes as organization actions. */
@Singleton
public class IntegrationActions implements ActionHandlers {

    private final OAuthMcpResource oauthMcps;
    private final IntegrationResource integrations;

    public IntegrationActions(OAuthMcpResource oauthMcps, IntegrationResource integrations) {
        this.oauthMcps = oauthMcps;
        this.integrations = integrations;
    }

    @Override
    public Map<OrganizationAction, ActionHandler> handlers() {
        return Map.of(
                OrganizationAction.LIST_OAUTH_MCPS, a -> oauthMcps.listOAuthMcps(a.organizationId()),
                OrganizationAction.LIST_INTEGRATIONS, a -> integrations.listIntegrations(a.organizationId()),
                OrganizationAction.PUT_INTEGRATION, a -> integrations.connectIntegration(a.organizationId(),
                        a.pathParam("provider"), a.body(IntegrationRequest.class)),
                OrganizationAction.DELETE_INTEGRATION, a -> integrations.disconnectIntegration(a.organizationId(),
                        a.pathParam("provider")));
    }
}
