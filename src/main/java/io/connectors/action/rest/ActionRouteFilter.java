package io.connectors.action.rest;

import io.connectors.action.ActionRoute;
import io.connectors.action.service.AudiencePolicy;
import io.connectors.security.OrganizationMembership;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Admits a request to an organization route: a member of {@code orgId} (401, 400, 403 from
 * {@link OrganizationMembership}), then the audience of the route's action (403, {@link AudiencePolicy}). Runs for
 * every resource method marked {@link ActionRoute}; {@code POST /actions/{name}} applies the same policy to the
 * action it runs.
 */
public class ActionRouteFilter {

    private final OrganizationMembership membership;

    public ActionRouteFilter(OrganizationMembership membership) {
        this.membership = membership;
    }

    @ServerRequestFilter
    public Uni<Void> admit(ResourceInfo resource, UriInfo uri) {
        ActionRoute route = resource.getResourceMethod() == null ? null
                : resource.getResourceMethod().getAnnotation(ActionRoute.class);
        if (route == null) {
            return Uni.createFrom().voidItem();
        }
        return membership.admitMember(uri.getPathParameters().getFirst("orgId"))
                .invoke(caller -> AudiencePolicy.checkAudience(route.value(), caller))
                .replaceWithVoid();
    }
}
