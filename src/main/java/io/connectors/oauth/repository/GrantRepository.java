package io.connectors.oauth.repository;

import io.connectors.oauth.GrantKey;
import io.connectors.oauth.GrantState;
import io.connectors.oauth.StoredGrant;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/**
 * Connectors' OAuth grants. Each write is one statement, so it is atomic without a transaction of its own; the
 * refresh claim is a conditional {@code UPDATE … RETURNING} (see {@code TokenEngine}). Every statement names the
 * whole key, organization first.
 */
@ApplicationScoped
public class GrantRepository {

    private static final String KEY = "organization_id = $1 and connector_id = $2 and credential = $3 and owner = $4";
    private static final String COLUMNS = "organization_id, connector_id, credential, owner, status, access_token, "
            + "refresh_token, expires_at, scopes, issuer, token_endpoint, revocation_endpoint, client_id, "
            + "client_secret, client_auth, resource, connected_by, refresh_claimed_until";

    private final Pool pool;

    public GrantRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<GrantState> findState(GrantKey key) {
        return pool.preparedQuery("select status, scopes, required_scopes, expires_at, last_error, connected_by "
                        + "from oauth_grant where " + KEY)
                .execute(key(key))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return GrantState.none();
                    }
                    Row row = rows.iterator().next();
                    return GrantState.of(row.getString("status"), row.getString("scopes"),
                            row.getString("required_scopes"), instant(row, "expires_at"),
                            row.getString("last_error"), row.getString("connected_by"));
                });
    }

    public Uni<Optional<StoredGrant>> find(GrantKey key) {
        return pool.preparedQuery("select " + COLUMNS + " from oauth_grant where " + KEY)
                .execute(key(key))
                .map(GrantRepository::first);
    }

    /** The tokens of a finished sign-in: replaces whatever was stored for the key, and clears any claim. */
    public Uni<Void> storeSignIn(GrantKey key, String sealedAccess, String sealedRefresh, Instant expiresAt,
            String scopes, String connectedBy, String issuer, String tokenEndpoint, String revocationEndpoint,
            String clientId, String sealedClientSecret, String clientAuth, String resource, Instant now) {
        Tuple args = key(key).addValue(sealedAccess).addValue(sealedRefresh).addValue(time(expiresAt))
                .addValue(scopes).addValue(connectedBy).addValue(issuer).addValue(tokenEndpoint)
                .addValue(revocationEndpoint).addValue(clientId).addValue(sealedClientSecret).addValue(resource)
                .addValue(time(now)).addValue(clientAuth);
        return pool.preparedQuery("insert into oauth_grant (organization_id, connector_id, credential, owner, status, "
                        + "access_token, refresh_token, expires_at, scopes, connected_by, issuer, token_endpoint, "
                        + "revocation_endpoint, client_id, client_secret, resource, last_attempt_at, created_at, "
                        + "updated_at, client_auth) values ($1, $2, $3, $4, 'connected', $5, $6, $7, $8, $9, $10, "
                        + "$11, $12, $13, $14, $15, $16, $16, $16, $17) on conflict (organization_id, connector_id, credential, owner) "
                        + "do update set status = 'connected', access_token = $5, refresh_token = $6, "
                        + "expires_at = $7, scopes = $8, connected_by = $9, issuer = $10, token_endpoint = $11, "
                        + "revocation_endpoint = $12, client_id = $13, client_secret = $14, resource = $15, "
                        + "client_auth = $17, required_scopes = null, last_error = null, last_attempt_at = $16, updated_at = $16, "
                        + "refresh_claim = null, refresh_claimed_until = null")
                .execute(args).replaceWithVoid();
    }

    /**
     * Records a failed attempt in plain words. Stored tokens stay (a failed new sign-in doesn't break a working
     * one); a key with no row gets one in {@code required}.
     */
    public Uni<Void> recordFailure(GrantKey key, String message, Instant now) {
        return pool.preparedQuery("insert into oauth_grant (organization_id, connector_id, credential, owner, status, "
                        + "last_error, last_attempt_at, created_at, updated_at) values ($1, $2, $3, $4, 'required', "
                        + "$5, $6, $6, $6) on conflict (organization_id, connector_id, credential, owner) do update "
                        + "set last_error = $5, last_attempt_at = $6, updated_at = $6")
                .execute(key(key).addValue(message).addValue(time(now)))
                .onFailure(GrantRepository::isForeignKeyViolation).recoverWithNull()
                .replaceWithVoid();
    }

    /** The server asked for more scopes: a new sign-in must ask for them. */
    public Uni<Void> requireScopes(GrantKey key, String scopes, String message, Instant now) {
        return pool.preparedQuery("update oauth_grant set status = 'required', required_scopes = $5, last_error = $6, "
                        + "updated_at = $7 where " + KEY)
                .execute(key(key).addValue(scopes).addValue(message).addValue(time(now))).replaceWithVoid();
    }

    /** Forgets the grant; returns what was stored, for revocation. */
    public Uni<Optional<StoredGrant>> delete(GrantKey key) {
        return pool.preparedQuery("delete from oauth_grant where " + KEY + " returning " + COLUMNS)
                .execute(key(key))
                .map(GrantRepository::first);
    }

    /**
     * Claims the right to refresh this grant for {@code lease}: succeeds for exactly one caller across every
     * replica, while no other claim is live. Returns the row as claimed, or empty when someone else holds the claim
     * (or the grant is gone or no longer connected).
     */
    public Uni<Optional<StoredGrant>> claimRefresh(GrantKey key, UUID claim, Duration lease) {
        return pool.preparedQuery("update oauth_grant set refresh_claim = $5, refresh_claimed_until = now() + "
                        + "make_interval(secs => $6::float8) where " + KEY + " and status = 'connected' and "
                        + "(refresh_claimed_until is null or refresh_claimed_until < now()) returning " + COLUMNS)
                .execute(key(key).addValue(claim).addValue(lease.toMillis() / 1000.0))
                .map(GrantRepository::first);
    }

    /**
     * Stores refreshed tokens and releases the claim in one statement, only while the claim is still ours (a
     * rotated refresh token is never lost to, nor overwritten by, a late second refresher).
     */
    public Uni<Boolean> storeRefreshed(GrantKey key, UUID claim, String sealedAccess, String sealedRefresh,
            Instant expiresAt, String scopes, Instant now) {
        return pool.preparedQuery("update oauth_grant set access_token = $6, refresh_token = coalesce($7, "
                        + "refresh_token), expires_at = $8, scopes = coalesce($9, scopes), last_error = null, "
                        + "updated_at = $10, refresh_claim = null, refresh_claimed_until = null where " + KEY
                        + " and refresh_claim = $5")
                .execute(key(key).addValue(claim).addValue(sealedAccess).addValue(sealedRefresh)
                        .addValue(time(expiresAt)).addValue(scopes).addValue(time(now)))
                .map(rows -> rows.rowCount() > 0);
    }

    /** The server refused the refresh token: the grant is expired until someone signs in again. */
    public Uni<Void> markExpired(GrantKey key, UUID claim, String message, Instant now) {
        return pool.preparedQuery("update oauth_grant set status = 'expired', access_token = null, refresh_token = "
                        + "null, last_error = $6, updated_at = $7, refresh_claim = null, refresh_claimed_until = null "
                        + "where " + KEY + " and refresh_claim = $5")
                .execute(key(key).addValue(claim).addValue(message).addValue(time(now))).replaceWithVoid();
    }

    /** Gives the claim up after a refresh that failed for a passing reason (the next use tries again). */
    public Uni<Void> release(GrantKey key, UUID claim, String message, Instant now) {
        return pool.preparedQuery("update oauth_grant set last_error = $6, updated_at = $7, refresh_claim = null, "
                        + "refresh_claimed_until = null where " + KEY + " and refresh_claim = $5")
                .execute(key(key).addValue(claim).addValue(message).addValue(time(now))).replaceWithVoid();
    }

    private static Tuple key(GrantKey key) {
        return Tuple.of(key.organizationId(), key.connectorId(), key.credential(), key.owner());
    }

    private static Optional<StoredGrant> first(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return Optional.empty();
        }
        Row row = rows.iterator().next();
        GrantKey key = new GrantKey(row.getString("organization_id"), row.getUUID("connector_id"),
                row.getString("credential"), row.getString("owner"));
        return Optional.of(new StoredGrant(key, row.getString("status"), row.getString("access_token"),
                row.getString("refresh_token"), instant(row, "expires_at"), row.getString("scopes"),
                row.getString("issuer"), row.getString("token_endpoint"), row.getString("revocation_endpoint"),
                row.getString("client_id"), row.getString("client_secret"), row.getString("client_auth"),
                row.getString("resource"),
                row.getString("connected_by"), instant(row, "refresh_claimed_until")));
    }

    static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static boolean isForeignKeyViolation(Throwable failure) {
        return failure instanceof io.vertx.pgclient.PgException pg && "23503".equals(pg.getSqlState());
    }
}
