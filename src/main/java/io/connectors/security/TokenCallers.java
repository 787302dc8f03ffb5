package io.connectors.security;

import io.connectors.config.ConnectorsConfig;
import io.connectors.error.InvalidTokenException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Singleton;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a {@link Caller} from a verified token, with the claim names from config. Claims fail closed: only
 * strings (or arrays of strings where arrays are allowed) count, so a number, object or nested array never grants
 * anything; an {@code actor} of such a shape, or a token without {@code sub}, is refused (401).
 */
@Singleton
public class TokenCallers {

    private final ConnectorsConfig.Auth auth;
    private final String aiActor;

    public TokenCallers(ConnectorsConfig config) {
        this.auth = config.auth();
        this.aiActor = normalized(auth.aiActor());
    }

    public Caller from(SecurityIdentity identity) {
        if (!(identity.getPrincipal() instanceof JsonWebToken token)) {
            throw new InvalidTokenException("The bearer token is not a JWT");
        }
        String subject = string(token.getClaim("sub"));
        if (subject == null || subject.isBlank()) {
            throw new InvalidTokenException("The bearer token has no sub claim naming the caller");
        }
        Set<String> organizations = stringsOrNothing(token.getClaim(auth.organizationsClaim()));
        boolean ai = isAi(token.getClaim(auth.actorClaim()));
        boolean runtime = !ai && isRuntimeClient(token) && scopes(token).contains(auth.runtimeScope());
        String teammate = ai ? string(token.getClaim(auth.teammateClaim())) : null;
        return new Caller(subject, Set.copyOf(organizations), ai, runtime,
                teammate == null || teammate.isBlank() ? null : teammate);
    }

    /**
     * Whether the actor claim names the AI actor: a string, or an array of strings any of which does, compared
     * case-insensitively. An absent claim is a person; a claim of any other shape is refused rather than read as
     * a person, which would grant more.
     */
    private boolean isAi(Object claim) {
        if (claim == null) {
            return false;
        }
        String single = string(claim);
        if (single != null) {
            return aiActor.equals(normalized(single));
        }
        if (claim instanceof Collection<?> values) {
            boolean ai = false;
            for (Object value : values) {
                String element = string(value);
                if (element == null) {
                    throw oddActor();
                }
                ai |= aiActor.equals(normalized(element));
            }
            return ai;
        }
        throw oddActor();
    }

    private InvalidTokenException oddActor() {
        return new InvalidTokenException("The bearer token's " + auth.actorClaim()
                + " claim must be a string or an array of strings");
    }

    /** Whether the token was issued to a runtime client: its {@code azp}, else {@code client_id}, is listed. */
    private boolean isRuntimeClient(JsonWebToken token) {
        String client = string(token.getClaim("azp"));
        if (client == null) {
            client = string(token.getClaim("client_id"));
        }
        return client != null && auth.runtimeClients().contains(client);
    }

    /** The space-separated {@code scope} string plus the {@code scp} array, strings only. */
    private static Set<String> scopes(JsonWebToken token) {
        Set<String> scopes = new HashSet<>();
        String scope = string(token.getClaim("scope"));
        if (scope != null) {
            scopes.addAll(List.of(scope.trim().split("\\s+")));
        }
        scopes.addAll(stringsOrNothing(token.getClaim("scp")));
        return scopes;
    }

    /** A JSON array of strings (the normal form) or a single string; elements of other shapes are ignored. */
    private static Set<String> stringsOrNothing(Object claim) {
        Set<String> values = new HashSet<>();
        String single = string(claim);
        if (single != null) {
            values.add(single);
        } else if (claim instanceof Collection<?> collection) {
            for (Object value : collection) {
                String element = string(value);
                if (element != null) {
                    values.add(element);
                }
            }
        }
        return values;
    }

    /** The claim as a string if it is one (plain or JSON-P, as claims come back), else {@code null}. */
    private static String string(Object claim) {
        if (claim instanceof String plain) {
            return plain;
        }
        if (claim instanceof JsonString json) {
            return json.getString();
        }
        return null;
    }

    private static String normalized(String actor) {
        return actor.trim().toLowerCase(Locale.ROOT);
    }
}
