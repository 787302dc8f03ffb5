package io.connectors.egress;

/**
 * The egress guard refused a target. {@link #getMessage()} is safe to show: for a blocked address and a name that
 * does not resolve it is the same text, so the tester can't be used to learn which internal names exist.
 */
public class EgressRefusedException extends RuntimeException {

    /** Why, for metrics and logs; never shown to the caller beyond what {@link #getMessage()} says. */
    public enum Reason {
        /** Not an absolute http(s) URL with a host and a valid port ({@link OutboundUrl}). */
        INVALID_URL,
        /**
         * The host is numeric but not canonical ({@code 0177.0.0.1}, {@code 127.1}, {@code 2130706433}) or not a valid
         * IPv6 literal: other resolvers may read it as a different address than ours would.
         */
        INVALID_HOST,
        /** The URL carries {@code user:pass@}. */
        USER_INFO,
        /** The host, or one of its addresses, is in a blocked range and not allowed by config. */
        BLOCKED,
        /** The name has no address. */
        UNRESOLVED
    }

    /** What an invalid host reads as, wherever it is reported. */
    public static final String INVALID_HOST_TEXT = "The host is not a valid name or address: write an IPv4 address as "
            + "four decimal numbers without leading zeros (such as 192.0.2.1)";

    private final Reason reason;

    /**
     * What a blocked, unresolvable, unreachable or unconnectable target reads as (SPEC: a refused or unreachable
     * target reads as a generic error, so the tester can't be used to map an internal network).
     */
    public static String cannotConnect(String display) {
        return "Cannot connect to " + display
                + ": the name does not resolve or the address is not reachable from this service";
    }

    public EgressRefusedException(Reason reason, String host) {
        super(message(reason, host), null, false, false);
        this.reason = reason;
    }

    /** The URL breaks one of {@link OutboundUrl}'s rules. */
    public EgressRefusedException(OutboundUrl.Problem problem) {
        super(problem.sentence(), null, false, false);
        this.reason = problem == OutboundUrl.Problem.USER_INFO ? Reason.USER_INFO : Reason.INVALID_URL;
    }

    public Reason reason() {
        return reason;
    }

    /**
     * What this refusal reads as wherever it is reported, the target shown as {@code display} (its host, or "the
     * server of" a connector whose host comes from a variable). The one place these texts are worded.
     */
    public String message(String display) {
        return switch (reason) {
            case BLOCKED, UNRESOLVED -> cannotConnect(display);
            default -> getMessage();
        };
    }

    private static String message(Reason reason, String host) {
        return switch (reason) {
            case INVALID_URL -> OutboundUrl.Problem.NOT_HTTP.sentence();
            // Without the host: it may come from a variable, whose value is not shown.
            case INVALID_HOST -> INVALID_HOST_TEXT;
            case USER_INFO -> OutboundUrl.Problem.USER_INFO.sentence();
            // One text for both, on purpose (see class comment).
            case BLOCKED, UNRESOLVED -> cannotConnect(host);
        };
    }
}
