package io.connectors.security;

import java.util.regex.Pattern;

/**
 * The shape of the opaque ids callers name: organizations (checked before membership) and the teammates and other
 * ids features take from the path. One owner, here with the callers and organizations it identifies, so that
 * features share it without depending on each other.
 */
public final class OpaqueIds {

    /** Organization, teammate and other opaque ids. */
    public static final Pattern OPAQUE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private OpaqueIds() {
    }

    public static boolean isOpaqueId(String id) {
        return id != null && OPAQUE_ID.matcher(id).matches();
    }
}
