package io.connectors.error;

/**
 * Text PostgreSQL cannot store: the NUL character ({@code U+0000}), and UTF-16 that is not valid Unicode (an
 * unpaired surrogate, which JSON can carry as a {@code \\uD800} escape and which no UTF-8 encoder can write). Input
 * holding either is a 400 at the edge, before it can reach a query and fail there as a 500.
 */
public final class UnstorableCharacters {

    /** The message for a field or parameter holding NUL. */
    public static final String NUL_MESSAGE = "must not contain the NUL character (U+0000)";

    /** The message for a field or parameter holding an unpaired surrogate. */
    public static final String SURROGATE_MESSAGE = "must be valid Unicode (it holds an unpaired surrogate)";

    private UnstorableCharacters() {
    }

    /** Why {@code value} can't be stored, or {@code null} when it can; one linear pass. */
    public static String problem(String value) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\u0000') {
                return NUL_MESSAGE;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return SURROGATE_MESSAGE;
            }
            if (Character.isLowSurrogate(c)) {
                return SURROGATE_MESSAGE;
            }
        }
        return null;
    }
}
