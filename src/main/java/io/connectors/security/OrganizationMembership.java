package io.connectors.security;

import io.connectors.error.AccessDeniedException;
import io.connectors.error.ValidationException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/**
 * Who is calling, and whether they belong to an organization: a valid token (401), an organization id of the
 * opaque-id shape (400) and membership of it (403). What a member may then do is not decided here: the caller it
 * admits carries what the token says ({@link Caller#ai()}, {@link Caller#runtime()}) for the routes' own policy.
 */
@Singleton
public class OrganizationMembership {

    private final CurrentIdentityAssociation identities;
    private final TokenCallers callers;
    private final CallerContext context;

    public OrganizationMembership(CurrentIdentityAssociation identities, TokenCallers callers,
            CallerContext context) {
        this.identities = identities;
        this.callers = callers;
        this.context = context;
    }

    /**
     * The authenticated caller if they are a member of {@code organizationId}, recorded as the caller of the
     * current request ({@link CallerContext}); fails with 401, 400 or 403 otherwise.
     */
    public Uni<Caller> admitMember(String organizationId) {
        return identities.getDeferredIdentity().map(identity -> {
            if (identity.isAnonymous()) {
                throw new UnauthorizedException();
            }
            Caller caller = callers.from(identity);
            if (!OpaqueIds.isOpaqueId(organizationId)) {
                throw new ValidationException("orgId", "must be 1 to 64 of A-Z, a-z, 0-9, _ and -");
            }
            if (!caller.isMemberOf(organizationId)) {
                throw new AccessDeniedException("You are not a member of organization " + organizationId);
            }
            context.admit(caller);
            return caller;
        });
    }
}
