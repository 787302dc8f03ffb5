package io.connectors.mcp.egress;

/**
 * The egress guard refused a target. {@link #getMessage()} is safe to show: for a blocked address and a name that
 * does not resolve it is the same text, so the tester can't be used to learn which internal names exist.
 */
public class EgressRefusedException extends RuntimeException {

    /** Why, for metrics and logs; never shown to the caller beyond what {@link #getMessage()} says. */
    public enum Reason {
        /** Not an absolute http(s) URL with a host. */
        INVALID_URL,
        /** The URL carries {@code user:pass@}. */
        USER_INFO,
        /** The host, or one of its addresses, is in a blocked range and not allowed by config. */
        BLOCKED,
        /** The name has no address. */
        UNRESOLVED
    }

    private final Reason reason;

    public EgressRefusedException(Reason reason, String host) {
        super(message(reason, host), null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    private static String message(Reason reason, String host) {
        return switch (reason) {
            case INVALID_URL -> "The URL is not an absolute http:// or https:// URL with a host";
            case USER_INFO -> "URLs with user:password@ are not allowed; send credentials in a header";
            // One text for both, on purpose (see class comment).
            case BLOCKED, UNRESOLVED -> "Cannot connect to " + host
                    + ": the name does not resolve or the address is not reachable from this service";
        };
    }
}
