package io.connectors.connector.repository;

import io.connectors.connector.Connector;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Connectors, always read and written within one organization. */
@ApplicationScoped
public class ConnectorRepository implements PanacheRepositoryBase<Connector, UUID> {

    public Uni<Connector> findInOrganization(String organizationId, UUID id) {
        return find("organizationId = :org and id = :id", Parameters.with("org", organizationId).and("id", id))
                .firstResult();
    }

    /** Up to {@code limit} connectors ordered by name, after {@code afterName} when given (keyset paging). */
    public Uni<List<Connector>> listPage(String organizationId, String afterName, int limit) {
        var query = afterName == null
                ? find("organizationId = :org order by name", Parameters.with("org", organizationId))
                : find("organizationId = :org and name > :after order by name",
                        Parameters.with("org", organizationId).and("after", afterName));
        return query.range(0, limit - 1).list();
    }

    public Uni<List<Connector>> findAllInOrganization(String organizationId, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return list("organizationId = :org and id in :ids", Parameters.with("org", organizationId).and("ids", ids));
    }

    public Uni<Boolean> deleteInOrganization(String organizationId, UUID id) {
        return delete("organizationId = :org and id = :id", Parameters.with("org", organizationId).and("id", id))
                .map(count -> count > 0);
    }
}
