package io.connectors.secret;

/**
 * What a secret looks like outside the service: connector header values and secret variables are answered as
 * {@link #VALUE}, and a request that sends {@link #VALUE} back for one keeps the stored secret. The page relies on the
 * same string (its {@code MASK} in {@code app/api.js}).
 */
public final class Masked {

    /** Stands in for a secret value in responses; sending it back keeps the stored value. */
    public static final String VALUE = "********";

    private Masked() {
    }
}
