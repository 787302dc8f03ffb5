package io.connectors.action.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.action.OrganizationAction;
import io.connectors.action.api.RunActionRequest;
import io.connectors.error.NotFoundException;
import io.connectors.security.CallerContext;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.EnumMap;
import java.util.Map;

/**
 * Runs organization actions by name for {@code POST /actions/{name}}, under the same audience rule as the route
 * ({@link AudiencePolicy}), through the handlers each feature contributes ({@link ActionHandlers}).
 */
@Singleton
public class ActionDispatcher {

    private final Map<OrganizationAction, ActionHandler> handlers = new EnumMap<>(OrganizationAction.class);
    private final CallerContext callerContext;
    private final ObjectMapper mapper;

    public ActionDispatcher(Instance<ActionHandlers> contributions, CallerContext callerContext,
            ObjectMapper mapper) {
        contributions.forEach(c -> handlers.putAll(c.handlers()));
        this.callerContext = callerContext;
        this.mapper = mapper;
    }

    /** Actions that have a handler; a test checks that this is every dispatchable action. */
    public Map<OrganizationAction, ActionHandler> handlers() {
        return Map.copyOf(handlers);
    }

    public Uni<Response> run(String organizationId, String name, RunActionRequest request) {
        OrganizationAction action = OrganizationAction.byName(name)
                .filter(OrganizationAction::dispatchable)
                .orElseThrow(() -> new NotFoundException("No organization action named '" + name
                        + "'; GET /actions lists them"));
        AudiencePolicy.checkAudience(action, callerContext.caller());
        ActionHandler handler = handlers.get(action);
        if (handler == null) {
            throw new NotFoundException("The action " + name + " is not available in this deployment");
        }
        RunActionRequest args = request == null ? new RunActionRequest(null, null, null) : request;
        ActionInvocation invocation = new ActionInvocation(organizationId, args.pathParams(), args.query(),
                args.body(), mapper);
        return Uni.createFrom().deferred(() -> handler.handle(invocation)).map(ActionDispatcher::toResponse);
    }

    private static Response toResponse(Object result) {
        if (result == null) {
            return Response.noContent().build();
        }
        if (result instanceof RestResponse<?> rest) {
            return rest.toResponse();
        }
        if (result instanceof Response response) {
            return response;
        }
        return Response.ok(result).build();
    }
}
