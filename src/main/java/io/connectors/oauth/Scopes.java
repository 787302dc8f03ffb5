package io.connectors.oauth;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;

/** OAuth scope strings (RFC 6749 §3.3): stored and sent space-separated. */
public final class Scopes {

    private Scopes() {
    }

    public static List<String> split(String joined) {
        if (joined == null || joined.isBlank()) {
            return List.of();
        }
        return List.copyOf(new LinkedHashSet<>(Arrays.asList(joined.trim().split(" +"))));
    }

    public static String join(java.util.Collection<String> scopes) {
        return scopes == null ? "" : String.join(" ", new LinkedHashSet<>(scopes));
    }

    /** RFC 6749 scope-token characters: %x21 / %x23-5B / %x5D-7E. */
    public static boolean isScopeToken(String scope) {
        if (scope == null || scope.isEmpty()) {
            return false;
        }
        for (int i = 0; i < scope.length(); i++) {
            char c = scope.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
