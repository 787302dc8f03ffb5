package io.connectors.oauth.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Optional;

import static io.connectors.oauth.repository.GrantRepository.time;

/** Clients registered dynamically (RFC 7591), per organization, authorization server and redirect URI. */
@ApplicationScoped
public class ClientRegistrationRepository {

    /** A stored registration; the secret still sealed. */
    public record Stored(String clientId, String sealedSecret, String authMethod) {

        @Override
        public String toString() {
            return "Stored[clientId=" + clientId + ", authMethod=" + authMethod + "]";
        }
    }

    private final Pool pool;

    public ClientRegistrationRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Optional<Stored>> find(String organizationId, String issuer, String redirectUri) {
        return pool.preparedQuery("select client_id, client_secret, client_auth from oauth_client_registration "
                        + "where organization_id = $1 and issuer = $2 and redirect_uri = $3")
                .execute(Tuple.of(organizationId, issuer, redirectUri))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new Stored(row.getString("client_id"), row.getString("client_secret"),
                            row.getString("client_auth")));
                });
    }

    /** Stores a registration; a concurrent one for the same server wins and is the one kept. */
    public Uni<Void> store(String organizationId, String issuer, String redirectUri, Stored client, Instant now) {
        return pool.preparedQuery("insert into oauth_client_registration (organization_id, issuer, redirect_uri, "
                        + "client_id, client_secret, client_auth, created_at) values ($1, $2, $3, $4, $5, $6, $7) "
                        + "on conflict (organization_id, issuer, redirect_uri) do update set client_id = $4, "
                        + "client_secret = $5, client_auth = $6, created_at = $7")
                .execute(Tuple.tuple().addValue(organizationId).addValue(issuer).addValue(redirectUri)
                        .addValue(client.clientId()).addValue(client.sealedSecret()).addValue(client.authMethod())
                        .addValue(time(now)))
                .replaceWithVoid();
    }

    /** The server refused the client: forget it, the next sign-in registers again. */
    public Uni<Void> forget(String organizationId, String issuer, String clientId) {
        return pool.preparedQuery("delete from oauth_client_registration where organization_id = $1 and issuer = $2 "
                        + "and client_id = $3")
                .execute(Tuple.of(organizationId, issuer, clientId))
                .replaceWithVoid();
    }
}
