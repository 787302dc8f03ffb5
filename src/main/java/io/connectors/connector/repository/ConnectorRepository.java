package io.connectors.connector.repository;

import io.connectors.connector.Connector;
import io.connectors.connector.ConnectorListing;
import io.connectors.oauth.GrantState;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Connectors, always read and written within one organization. */
@ApplicationScoped
public class ConnectorRepository implements PanacheRepositoryBase<Connector, UUID> {

    /**
     * The caller's ({@code $3}) grant, or the organization's for {@code credential: organization}, joined on the
     * whole grant key: one statement for the page, sign-in states included.
     */
    private static final String LIST_COLUMNS = "select c.id, c.organization_id, c.name, c.type, c.url, c.oauth_mcp, "
            + "c.created_at, c.updated_at, c.created_by, c.updated_by, c.auth, c.credential, c.oauth_client_id, "
            + "c.oauth_client_secret is not null as oauth_client_has_secret, c.oauth_client_scopes, "
            + "g.status as grant_status, g.scopes as grant_scopes, g.required_scopes as grant_required_scopes, "
            + "g.expires_at as grant_expires_at, g.last_error as grant_last_error, "
            + "g.connected_by as grant_connected_by, "
            + "array(select jsonb_object_keys(c.headers) order by 1) as header_names from connector c "
            + "left join oauth_grant g on c.auth = 'oauth' and g.organization_id = c.organization_id "
            + "and g.connector_id = c.id and g.credential = c.credential "
            + "and g.owner = (case when c.credential = 'organization' then '' else $3 end) ";
    private static final String LIST_FIRST_PAGE = LIST_COLUMNS
            + "where c.organization_id = $1 order by c.name limit $2";
    private static final String LIST_NEXT_PAGE = LIST_COLUMNS
            + "where c.organization_id = $1 and c.name > $4 order by c.name limit $2";

    private final Pool pool;

    public ConnectorRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Connector> findInOrganization(String organizationId, UUID id) {
        return find("organizationId = :org and id = :id", Parameters.with("org", organizationId).and("id", id))
                .firstResult();
    }

    /**
     * Up to {@code limit} connectors ordered by name, after {@code afterName} when given (keyset paging).
     *
     * <p>The registry's hottest read runs on the reactive SQL client without an ORM session: one prepared statement
     * that returns header names only ({@code jsonb_object_keys}), so no entity is hydrated and no sealed value is
     * read, parsed or carried for a response that masks them anyway.
     */
    public Uni<List<ConnectorListing>> listPage(String organizationId, String callerId, String afterName,
            int limit) {
        Tuple arguments = afterName == null
                ? Tuple.of(organizationId, limit, callerId)
                : Tuple.of(organizationId, limit, callerId, afterName);
        return pool.preparedQuery(afterName == null ? LIST_FIRST_PAGE : LIST_NEXT_PAGE)
                .execute(arguments)
                .map(rows -> {
                    List<ConnectorListing> page = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        page.add(listing(row));
                    }
                    return page;
                });
    }

    private static ConnectorListing listing(Row row) {
        String[] headerNames = row.getArrayOfStrings("header_names");
        return new ConnectorListing(row.getUUID("id"), row.getString("organization_id"), row.getString("name"),
                row.getString("type"), row.getString("url"),
                headerNames == null ? List.of() : Arrays.asList(headerNames), row.getString("oauth_mcp"),
                row.getString("auth"), row.getString("credential"), row.getString("oauth_client_id"),
                Boolean.TRUE.equals(row.getBoolean("oauth_client_has_secret")), row.getString("oauth_client_scopes"),
                GrantState.of(row.getString("grant_status"), row.getString("grant_scopes"),
                        row.getString("grant_required_scopes"), instant(row.getOffsetDateTime("grant_expires_at")),
                        row.getString("grant_last_error"), row.getString("grant_connected_by")),
                row.getOffsetDateTime("created_at").toInstant(), row.getOffsetDateTime("updated_at").toInstant(),
                row.getString("created_by"), row.getString("updated_by"));
    }

    private static java.time.Instant instant(java.time.OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    /**
     * Forgets the connector's stored sign-ins and sign-ins under way, on the current transaction's session (an
     * update that moves the connector to another server, credential or client).
     */
    public Uni<Void> forgetAuthorizations(String organizationId, UUID id) {
        return getSession().chain(session -> session
                .createNativeQuery("delete from oauth_grant where organization_id = :org and connector_id = :id")
                .setParameter("org", organizationId).setParameter("id", id).executeUpdate()
                .chain(() -> session.createNativeQuery("delete from oauth_sign_in where organization_id = :org "
                                + "and connector_id = :id")
                        .setParameter("org", organizationId).setParameter("id", id).executeUpdate()))
                .replaceWithVoid();
    }

    public Uni<Boolean> deleteInOrganization(String organizationId, UUID id) {
        return delete("organizationId = :org and id = :id", Parameters.with("org", organizationId).and("id", id))
                .map(count -> count > 0);
    }
}
