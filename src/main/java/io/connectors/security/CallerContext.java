package io.connectors.security;

import jakarta.enterprise.context.RequestScoped;

/** The caller of the current request, set once the access filter has admitted it. */
@RequestScoped
public class CallerContext {

    private Caller caller;

    public Caller caller() {
        if (caller == null) {
            throw new IllegalStateException("No caller: the route is not behind OrganizationAccessFilter");
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
