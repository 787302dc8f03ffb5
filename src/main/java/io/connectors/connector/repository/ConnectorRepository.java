package io.connectors.connector.repository;

import io.connectors.connector.Connector;
import io.connectors.connector.ConnectorListing;
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

    private static final String LIST_COLUMNS = "select id, organization_id, name, type, url, oauth_mcp, created_at, "
            + "updated_at, created_by, updated_by, "
            + "array(select jsonb_object_keys(headers) order by 1) as header_names from connector ";
    private static final String LIST_FIRST_PAGE = LIST_COLUMNS
            + "where organization_id = $1 order by name limit $2";
    private static final String LIST_NEXT_PAGE = LIST_COLUMNS
            + "where organization_id = $1 and name > $3 order by name limit $2";

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
    public Uni<List<ConnectorListing>> listPage(String organizationId, String afterName, int limit) {
        Tuple arguments = afterName == null
                ? Tuple.of(organizationId, limit)
                : Tuple.of(organizationId, limit, afterName);
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
                row.getOffsetDateTime("created_at").toInstant(), row.getOffsetDateTime("updated_at").toInstant(),
                row.getString("created_by"), row.getString("updated_by"));
    }

    public Uni<Boolean> deleteInOrganization(String organizationId, UUID id) {
        return delete("organizationId = :org and id = :id", Parameters.with("org", organizationId).and("id", id))
                .map(count -> count > 0);
    }
}
