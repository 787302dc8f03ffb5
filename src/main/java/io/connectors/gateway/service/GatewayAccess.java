package io.connectors.gateway.service;

import io.connectors.error.AccessDeniedException;
import io.connectors.error.ValidationException;
import io.connectors.security.OpaqueIds;
import io.connectors.security.OrganizationMembership;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/**
 * Who may connect to a teammate's gateway (SPEC "Gateway"): a member of the organization (401, 400, 403 as on every
 * organization route) that is either the agent runtime (a runtime client's token with the runtime scope) or that
 * very teammate (an AI token whose teammate claim is {@code employee_id}). Staff, other teammates and other
 * organizations get 403. This is not an organization action, so the action filter's audience does not apply.
 */
@Singleton
public class GatewayAccess {

    private final OrganizationMembership membership;

    public GatewayAccess(OrganizationMembership membership) {
        this.membership = membership;
    }

    public Uni<GatewayTools.Session> admit(String organizationId, String employeeId) {
        return membership.admitMember(organizationId).map(caller -> {
            if (employeeId == null || !OpaqueIds.OPAQUE_ID.matcher(employeeId).matches()) {
                throw new ValidationException("employee_id", "must be 1 to 64 of A-Z, a-z, 0-9, _ and -");
            }
            if (caller.runtime() || caller.ai() && employeeId.equals(caller.teammateId())) {
                return new GatewayTools.Session(organizationId, employeeId, caller);
            }
            throw new AccessDeniedException(caller.ai()
                    ? "An AI teammate may connect only to its own gateway"
                    : "Only the agent runtime or the teammate itself may connect to a teammate's gateway");
        });
    }
}
