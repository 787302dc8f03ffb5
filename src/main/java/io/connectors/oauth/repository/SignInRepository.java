package io.connectors.oauth.repository;

import io.connectors.oauth.GrantKey;
import io.connectors.oauth.SignInAttempt;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Optional;

import static io.connectors.oauth.repository.GrantRepository.instant;
import static io.connectors.oauth.repository.GrantRepository.time;

/** Sign-ins under way, by the SHA-256 of their state. Taking one deletes it: a state works once. */
@ApplicationScoped
public class SignInRepository {

    private final Pool pool;

    public SignInRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> insert(String stateHash, SignInAttempt attempt, Instant now) {
        GrantKey key = attempt.key();
        Tuple args = Tuple.tuple().addValue(stateHash).addValue(key.organizationId()).addValue(key.connectorId())
                .addValue(key.credential()).addValue(key.owner()).addValue(attempt.userId()).addValue(attempt.browserHash())
                .addValue(attempt.codeVerifier()).addValue(attempt.redirectUri()).addValue(attempt.issuer())
                .addValue(attempt.issuerParameter()).addValue(attempt.tokenEndpoint())
                .addValue(attempt.revocationEndpoint()).addValue(attempt.clientId()).addValue(attempt.clientSecret())
                .addValue(attempt.clientAuth()).addValue(attempt.registered()).addValue(attempt.resource())
                .addValue(attempt.scopes()).addValue(time(attempt.expiresAt())).addValue(time(now));
        // Sign-ins nobody finished are dropped an hour after they expired, as new ones start.
        return pool.preparedQuery("delete from oauth_sign_in where expires_at < $1")
                .execute(Tuple.of(time(now.minusSeconds(3600))))
                .chain(() -> pool.preparedQuery("insert into oauth_sign_in (state_hash, organization_id, "
                                + "connector_id, credential, owner, user_id, browser_hash, code_verifier, redirect_uri, "
                                + "issuer, issuer_parameter, token_endpoint, revocation_endpoint, client_id, "
                                + "client_secret, client_auth, registered, resource, scopes, expires_at, created_at) "
                                + "values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, "
                                + "$18, $19, $20, $21)")
                        .execute(args))
                .replaceWithVoid();
    }

    /** Takes the sign-in of this state hash, expired or not (the caller checks); empty when unknown or used. */
    public Uni<Optional<SignInAttempt>> take(String stateHash) {
        return pool.preparedQuery("delete from oauth_sign_in where state_hash = $1 returning *")
                .execute(Tuple.of(stateHash))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    GrantKey key = new GrantKey(row.getString("organization_id"), row.getUUID("connector_id"),
                            row.getString("credential"), row.getString("owner"));
                    return Optional.of(new SignInAttempt(key, row.getString("user_id"), row.getString("browser_hash"),
                            row.getString("code_verifier"), row.getString("redirect_uri"), row.getString("issuer"),
                            row.getBoolean("issuer_parameter"), row.getString("token_endpoint"),
                            row.getString("revocation_endpoint"), row.getString("client_id"),
                            row.getString("client_secret"), row.getString("client_auth"),
                            row.getBoolean("registered"), row.getString("resource"), row.getString("scopes"),
                            instant(row, "expires_at")));
                });
    }
}
