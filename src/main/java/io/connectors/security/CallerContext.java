package io.connectors.security;

import jakarta.enterprise.context.RequestScoped;

/** The caller of the current request, set once {@link OrganizationMembership} has admitted it as a member. */
@RequestScoped
public class CallerContext {

    private Caller caller;

    public Caller caller() {
        if (caller == null) {
            throw new IllegalStateException("No caller: the route did not admit a member of its organization");
        }
        return caller;
    }

    public String userId() {
        return caller().userId();
    }

    void admit(Caller admitted) {
        this.caller = admitted;
    }
}
