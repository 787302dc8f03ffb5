package io.connectors.security;

import io.connectors.config.ConnectorsConfig;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/** Reads a {@link Caller} from a verified token, with the claim names from config. */
@Singleton
public class TokenCallers {

    private final ConnectorsConfig.Auth auth;

    public TokenCallers(ConnectorsConfig config) {
        this.auth = config.auth();
    }

    public Caller from(SecurityIdentity identity) {
        if (!(identity.getPrincipal() instanceof JsonWebToken token)) {
            return new Caller(identity.getPrincipal().getName(), Set.of(), false, Set.of());
        }
        Set<String> organizations = strings(token.getClaim(auth.organizationsClaim()));
        Object actor = token.getClaim(auth.actorClaim());
        boolean ai = actor != null && auth.aiActor().equals(plain(actor));
        Set<String> scopes = new HashSet<>();
        Object scope = token.getClaim("scope");
        if (scope != null) {
            scopes.addAll(Arrays.asList(plain(scope).trim().split("\\s+")));
        }
        scopes.addAll(strings(token.getClaim("scp")));
        return new Caller(token.getSubject(), Set.copyOf(organizations), ai, Set.copyOf(scopes));
    }

    public boolean hasRuntimeScope(Caller caller) {
        return caller.scopes().contains(auth.runtimeScope());
    }

    /** Accepts a JSON array of strings (the normal form) or a single string. */
    private static Set<String> strings(Object claim) {
        Set<String> values = new HashSet<>();
        if (claim instanceof Collection<?> collection) {
            collection.forEach(v -> values.add(plain(v)));
        } else if (claim != null) {
            values.add(plain(claim));
        }
        return values;
    }

    /** JSON-P strings print with quotes; claims come back as jakarta.json values. */
    private static String plain(Object value) {
        if (value instanceof jakarta.json.JsonString json) {
            return json.getString();
        }
        return String.valueOf(value);
    }
}
