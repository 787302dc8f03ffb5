package io.connectors.action.service;

import io.smallrye.mutiny.Uni;

/**
 * Runs one organization action for {@code POST /actions/{name}}. It calls the same resource method as the route,
 * so validation and results are the route's own. The result may be a {@link org.jboss.resteasy.reactive.RestResponse}
 * or {@link jakarta.ws.rs.core.Response} (status kept), {@code null} (204), or a body (200).
 */
@FunctionalInterface
public interface ActionHandler {
    Uni<?> handle(ActionInvocation invocation);
}
