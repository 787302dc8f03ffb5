package io.connectors.action.api;

import io.connectors.action.OrganizationAction;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An organization action as clients (and the organization-action tool) see it. */
@Schema(name = "ActionDescription")
public record ActionDescription(
        @Schema(description = "Action name, for POST /actions/{name}", examples = "list_mcps", required = true)
        String name,
        @Schema(description = "HTTP method of the equivalent route", examples = "GET", required = true)
        String method,
        @Schema(description = "Route path relative to /api/organizations/{orgId}", examples = "/mcps", required = true)
        String path,
        @Schema(description = "Whether an AI teammate may run it", required = true)
        boolean availableToAi) {

    public static ActionDescription of(OrganizationAction action) {
        return new ActionDescription(action.actionName(), action.method(), action.path(), action.availableToAi());
    }
}
