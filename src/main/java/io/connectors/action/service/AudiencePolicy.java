package io.connectors.action.service;

import io.connectors.action.OrganizationAction;
import io.connectors.error.AccessDeniedException;
import io.connectors.security.Caller;

/**
 * Who may call an organization action, from its one definition ({@link OrganizationAction#audience()}): applied by
 * {@link io.connectors.action.rest.ActionRouteFilter} to each route and by {@link ActionDispatcher} to the action
 * {@code POST /actions/{name}} runs. An action's {@link OrganizationAction.AiRestriction} is finer than an audience
 * and is enforced by the action's service, which alone knows what the call changes.
 */
public final class AudiencePolicy {

    private AudiencePolicy() {
    }

    /** Refuses (403) a {@code caller} outside the audience of {@code action}. */
    public static void checkAudience(OrganizationAction action, Caller caller) {
        switch (action.audience()) {
            case STAFF_AND_AI -> {
            }
            case STAFF -> {
                if (caller.ai()) {
                    throw new AccessDeniedException("The action " + action.actionName()
                            + " is not available to AI teammates; a person must do it");
                }
            }
            case RUNTIME -> {
                if (!caller.runtime()) {
                    throw new AccessDeniedException("The action " + action.actionName()
                            + " is only for the agent runtime (a runtime client's token with the runtime scope)");
                }
            }
        }
    }
}
