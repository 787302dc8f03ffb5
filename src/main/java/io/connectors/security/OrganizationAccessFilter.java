package io.connectors.security;

import io.connectors.action.ActionRoute;
import io.connectors.action.OrganizationAction;
import io.connectors.error.AccessDeniedException;
import io.connectors.error.ValidationException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.regex.Pattern;

/**
 * Admits a request to an organization route: a valid token (401), membership of {@code orgId} (403), and the
 * audience of the route's {@link OrganizationAction} (403). Runs for every resource method marked {@link ActionRoute};
 * {@code POST /actions/{name}} applies the same {@link #checkAudience} to the action it runs.
 */
public class OrganizationAccessFilter {

    /** Organization, teammate and other opaque ids. */
    public static final Pattern OPAQUE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final CurrentIdentityAssociation identities;
    private final TokenCallers callers;
    private final CallerContext context;

    public OrganizationAccessFilter(CurrentIdentityAssociation identities, TokenCallers callers,
            CallerContext context) {
        this.identities = identities;
        this.callers = callers;
        this.context = context;
    }

    @ServerRequestFilter
    public Uni<Void> admit(ResourceInfo resource, UriInfo uri) {
        ActionRoute route = resource.getResourceMethod() == null ? null
                : resource.getResourceMethod().getAnnotation(ActionRoute.class);
        if (route == null) {
            return Uni.createFrom().voidItem();
        }
        return identities.getDeferredIdentity().invoke(identity -> {
            if (identity.isAnonymous()) {
                throw new UnauthorizedException();
            }
            Caller caller = callers.from(identity);
            String organizationId = uri.getPathParameters().getFirst("orgId");
            if (organizationId == null || !OPAQUE_ID.matcher(organizationId).matches()) {
                throw new ValidationException("orgId", "must be 1 to 64 of A-Z, a-z, 0-9, _ and -");
            }
            if (!caller.isMemberOf(organizationId)) {
                throw new AccessDeniedException("You are not a member of organization " + organizationId);
            }
            checkAudience(route.value(), caller);
            context.admit(caller);
        }).replaceWithVoid();
    }

    /** Enforces who may call {@code action}, from its one definition. */
    public void checkAudience(OrganizationAction action, Caller caller) {
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
