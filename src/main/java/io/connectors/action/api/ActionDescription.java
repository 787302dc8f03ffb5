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
        boolean availableToAi,
        @Schema(description = "What an AI teammate may not do within the action, when it may run it but not in "
                + "every way; null otherwise", nullable = true)
        Restriction aiRestriction) {

    /** A limit on an AI teammate within an action it may run. */
    @Schema(name = "AiRestriction")
    public record Restriction(
            @Schema(description = "Stable name", examples = "keep_stored_secrets", required = true) String name,
            @Schema(description = "What is refused (with 403), in plain words", required = true) String description) {
    }

    public static ActionDescription of(OrganizationAction action) {
        OrganizationAction.AiRestriction restriction = action.aiRestriction();
        return new ActionDescription(action.actionName(), action.method(), action.path(), action.availableToAi(),
                restriction == null ? null : new Restriction(restriction.restrictionName(), restriction.description()));
    }
}
