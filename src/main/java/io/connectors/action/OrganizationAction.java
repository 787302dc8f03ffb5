package io.connectors.action;

import java.util.Arrays;
import java.util.Optional;

/**
 * The organization actions: every route under {@code /api/organizations/{orgId}}, with who may call it. This enum
 * is the one definition: {@code GET /actions} publishes it, {@link io.connectors.action.rest.ActionRouteFilter}
 * enforces its audience on each route (every resource method names its action with {@link ActionRoute}), and
 * {@code POST /actions/{name}} runs the resource method that names it.
 */
public enum OrganizationAction {

    LIST_MCPS("list_mcps", "GET", "/mcps", Audience.STAFF_AND_AI),
    CREATE_MCP("create_mcp", "POST", "/mcps", Audience.STAFF_AND_AI),
    LIST_OAUTH_MCPS("list_oauth_mcps", "GET", "/mcps/oauth", Audience.STAFF_AND_AI),
    TEST_MCP("test_mcp", "POST", "/mcps/test", Audience.STAFF_AND_AI),
    LIST_EMPLOYEE_MCPS("list_employee_mcps", "GET", "/mcps/employee/{employee_id}", Audience.STAFF_AND_AI),
    ASSIGN_EMPLOYEE_MCP("assign_employee_mcp", "POST", "/mcps/employee/{employee_id}", Audience.STAFF_AND_AI),
    UNASSIGN_EMPLOYEE_MCP("unassign_employee_mcp", "DELETE", "/mcps/employee/{employee_id}", Audience.STAFF_AND_AI),
    GET_MCP("get_mcp", "GET", "/mcps/mcp/{mcp_id}", Audience.STAFF_AND_AI),
    UPDATE_MCP("update_mcp", "PUT", "/mcps/mcp/{mcp_id}", Audience.STAFF_AND_AI, AiRestriction.KEEP_STORED_SECRETS),
    DELETE_MCP("delete_mcp", "DELETE", "/mcps/mcp/{mcp_id}", Audience.STAFF),
    /** A person signs in (for credential: organization, any staff member of the organization); never an AI. */
    START_MCP_AUTHORIZATION("start_mcp_authorization", "POST", "/mcps/mcp/{mcp_id}/authorization", Audience.STAFF),
    FORGET_MCP_AUTHORIZATION("forget_mcp_authorization", "DELETE", "/mcps/mcp/{mcp_id}/authorization",
            Audience.STAFF),
    LIST_EMPLOYEE_TOOLS("list_employee_tools", "GET", "/mcps/employee/{employee_id}/tools", Audience.STAFF_AND_AI),
    GET_EMPLOYEE_RUNTIME("get_employee_runtime", "GET", "/mcps/employee/{employee_id}/runtime", Audience.RUNTIME),
    LIST_EMPLOYEE_CALLS("list_employee_calls", "GET", "/mcps/employee/{employee_id}/calls", Audience.STAFF_AND_AI),
    LIST_VARIABLES("list_variables", "GET", "/variables", Audience.STAFF_AND_AI),
    PUT_VARIABLE("put_variable", "PUT", "/variables/{name}", Audience.STAFF),
    DELETE_VARIABLE("delete_variable", "DELETE", "/variables/{name}", Audience.STAFF),
    LIST_INTEGRATIONS("list_integrations", "GET", "/integrations", Audience.STAFF_AND_AI),
    PUT_INTEGRATION("put_integration", "PUT", "/integrations/{provider}", Audience.STAFF),
    DELETE_INTEGRATION("delete_integration", "DELETE", "/integrations/{provider}", Audience.STAFF),
    LIST_ACTIONS("list_actions", "GET", "/actions", Audience.STAFF_AND_AI),
    /** The gateway itself: open to AI; the action it runs decides. */
    RUN_ACTION("run_action", "POST", "/actions/{name}", Audience.STAFF_AND_AI);

    /** Who may call an action. */
    public enum Audience {
        /** Members of the organization, people and AI teammates alike. */
        STAFF_AND_AI,
        /** Members of the organization who are people; AI teammates get 403. */
        STAFF,
        /** Only the agent runtime: a token holding the runtime scope, never an AI teammate. */
        RUNTIME
    }

    /**
     * A limit on what an AI teammate may do within an action it may call, enforced by the action's service and
     * published with the action.
     */
    public enum AiRestriction {
        /**
         * Stored secrets are a person's to drop or replace: an AI teammate may rename a connector, change its URL
         * within the same origin and add headers, but may not remove or replace a stored header value, nor move a
         * connector that has header values to another origin (delete, which drops them all, is human-only too).
         */
        KEEP_STORED_SECRETS("keep_stored_secrets", "An AI teammate may not remove or replace a connector's stored "
                + "header values, nor move a connector that has them to another server; a person must do it");

        private final String restrictionName;
        private final String description;

        AiRestriction(String restrictionName, String description) {
            this.restrictionName = restrictionName;
            this.description = description;
        }

        public String restrictionName() {
            return restrictionName;
        }

        /** What an AI teammate is refused, in words that also serve as the 403's detail. */
        public String description() {
            return description;
        }
    }

    /** Route prefix of every action; {@link #path()} is relative to it. */
    public static final String PREFIX = "/api/organizations/{orgId}";

    private final String actionName;
    private final String method;
    private final String path;
    private final Audience audience;
    private final AiRestriction aiRestriction;

    OrganizationAction(String actionName, String method, String path, Audience audience) {
        this(actionName, method, path, audience, null);
    }

    OrganizationAction(String actionName, String method, String path, Audience audience,
            AiRestriction aiRestriction) {
        this.actionName = actionName;
        this.method = method;
        this.path = path;
        this.audience = audience;
        this.aiRestriction = aiRestriction;
    }

    public String actionName() {
        return actionName;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public Audience audience() {
        return audience;
    }

    public boolean availableToAi() {
        return audience == Audience.STAFF_AND_AI;
    }

    /** What an AI teammate may not do within this action, or {@code null} when nothing beyond the audience. */
    public AiRestriction aiRestriction() {
        return aiRestriction;
    }

    /** Whether an AI teammate running this action is held to {@code restriction}. */
    public boolean restrictsAi(AiRestriction restriction) {
        return aiRestriction == restriction;
    }

    /** Whether {@code POST /actions/{name}} may run it (the catalog routes themselves are not actions to run). */
    public boolean dispatchable() {
        return this != LIST_ACTIONS && this != RUN_ACTION;
    }

    public static Optional<OrganizationAction> byName(String name) {
        return Arrays.stream(values()).filter(a -> a.actionName.equals(name)).findFirst();
    }
}
