package io.connectors.oauth.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static io.connectors.oauth.repository.GrantRepository.instant;
import static io.connectors.oauth.repository.GrantRepository.time;

/**
 * The single-refresh claim on users' integrations (the predefined OAuth MCPs' tokens): the same conditional
 * {@code UPDATE … RETURNING} lease as connectors' grants ({@code TokenEngine}), on {@code user_integration}.
 */
@ApplicationScoped
public class IntegrationClaimRepository {

    private static final String KEY = "organization_id = $1 and user_id = $2 and provider = $3";

    private final Pool pool;

    public IntegrationClaimRepository(Pool pool) {
        this.pool = pool;
    }

    /** The stored tokens (sealed) and whether someone holds a live claim. */
    public record Row(String accessToken, String refreshToken, Instant expiresAt, Instant claimedUntil) {

        @Override
        public String toString() {
            return "Row[expiresAt=" + expiresAt + ", claimedUntil=" + claimedUntil + "]";
        }
    }

    public Uni<Optional<Row>> find(String organizationId, String userId, String provider) {
        return pool.preparedQuery("select access_token, refresh_token, expires_at, refresh_claimed_until "
                        + "from user_integration where " + KEY)
                .execute(Tuple.of(organizationId, userId, provider))
                .map(IntegrationClaimRepository::first);
    }

    public Uni<Optional<Row>> claim(String organizationId, String userId, String provider, UUID claim,
            Duration lease) {
        return pool.preparedQuery("update user_integration set refresh_claim = $4, refresh_claimed_until = now() + "
                        + "make_interval(secs => $5::float8) where " + KEY + " and (refresh_claimed_until is null "
                        + "or refresh_claimed_until < now()) returning access_token, refresh_token, expires_at, "
                        + "refresh_claimed_until")
                .execute(Tuple.of(organizationId, userId, provider, claim, lease.toMillis() / 1000.0))
                .map(IntegrationClaimRepository::first);
    }

    /** Stores the refreshed tokens and releases the claim, while it is still ours; a null refresh token keeps it. */
    public Uni<Boolean> store(String organizationId, String userId, String provider, UUID claim, String sealedAccess,
            String sealedRefresh, Instant expiresAt, Instant now) {
        return pool.preparedQuery("update user_integration set access_token = $5, refresh_token = coalesce($6, "
                        + "refresh_token), expires_at = $7, updated_at = $8, refresh_claim = null, "
                        + "refresh_claimed_until = null where " + KEY + " and refresh_claim = $4")
                .execute(Tuple.tuple().addValue(organizationId).addValue(userId).addValue(provider).addValue(claim)
                        .addValue(sealedAccess).addValue(sealedRefresh).addValue(time(expiresAt)).addValue(time(now)))
                .map(rows -> rows.rowCount() > 0);
    }

    public Uni<Void> release(String organizationId, String userId, String provider, UUID claim) {
        return pool.preparedQuery("update user_integration set refresh_claim = null, refresh_claimed_until = null "
                        + "where " + KEY + " and refresh_claim = $4")
                .execute(Tuple.of(organizationId, userId, provider, claim)).replaceWithVoid();
    }

    private static Optional<Row> first(io.vertx.mutiny.sqlclient.RowSet<io.vertx.mutiny.sqlclient.Row> rows) {
        if (rows.size() == 0) {
            return Optional.empty();
        }
        io.vertx.mutiny.sqlclient.Row row = rows.iterator().next();
        return Optional.of(new Row(row.getString("access_token"), row.getString("refresh_token"),
                instant(row, "expires_at"), instant(row, "refresh_claimed_until")));
    }
}
