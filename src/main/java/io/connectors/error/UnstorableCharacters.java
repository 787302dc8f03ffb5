package io.connectors.error;

/**
 * The characters PostgreSQL cannot store in text (only NUL, {@code U+0000}): input holding one is a 400 at the
 * edge, before it can reach a query and fail there as a 500.
 */
public final class UnstorableCharacters {

    /** The message of every field or parameter refused for holding NUL. */
    public static final String MESSAGE = "must not contain the NUL character (U+0000)";

    private UnstorableCharacters() {
    }

    public static boolean contains(String value) {
        return value != null && value.indexOf('\u0000') >= 0;
    }
}
