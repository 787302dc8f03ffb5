package io.connectors.egress;

/**
 * A value that may go into an outbound request's header or URL: connector header values, variable values, and
 * header values once variables are injected. CR and LF would let it start a new header or request line (request
 * splitting), and NUL cuts it short in some servers, so none of the three may appear. Every check of that rule calls
 * {@link #isSafe}, and words its message with {@link #MUST_NOT_CONTAIN} or {@link #WOULD_CONTAIN}.
 *
 * <p>Not the same rule as {@code error/UnstorableCharacters}, which refuses NUL (and unpaired surrogates) in any
 * input because PostgreSQL can't store it: this one is about the wire, allows no line breaks either, and also holds
 * for values assembled from stored parts.
 */
public final class OutboundText {

    /** The refusal of a value as given. */
    public static final String MUST_NOT_CONTAIN = "must not contain line breaks or NUL";

    /** The refusal of a value that only breaks the rule once something is put into it. */
    public static final String WOULD_CONTAIN = "would contain a line break or NUL";

    private OutboundText() {
    }

    /** Whether {@code value} holds no CR, LF or NUL; one linear pass. */
    public static boolean isSafe(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == '\u0000') {
                return false;
            }
        }
        return true;
    }
}
