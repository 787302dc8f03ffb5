package io.connectors.action.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.action.OrganizationAction;
import io.connectors.action.api.RunActionRequest;
import io.connectors.error.NotFoundException;
import io.connectors.security.CallerContext;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.Map;

/**
 * Runs organization actions by name for {@code POST /actions/{name}}, under the same audience rule as the route
 * ({@link AudiencePolicy}), by calling the route's own resource method ({@link RouteActionHandlers}).
 */
@Singleton
public class ActionDispatcher {

    private final Map<OrganizationAction, ActionHandler> handlers;
    private final CallerContext callerContext;
    private final ObjectMapper mapper;

    public ActionDispatcher(BeanManager beans, CallerContext callerContext, ObjectMapper mapper) {
        this.handlers = Map.copyOf(RouteActionHandlers.derive(beans));
        this.callerContext = callerContext;
        this.mapper = mapper;
    }

    /** Actions that have a handler; a test checks that this is every dispatchable action. */
    public Map<OrganizationAction, ActionHandler> handlers() {
        return handlers;
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
