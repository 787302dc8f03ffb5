package io.connectors.gateway.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;

/**
 * The organization's generation (migration V7): bumped by every change the gateway's memory depends on, in the
 * changing transaction. One indexed row read with the reactive pool itself, outside any Hibernate session: it is
 * read on every gateway request, so it must cost one round trip and nothing more.
 */
@Singleton
public class GenerationRepository {

    private final Pool pool;

    public GenerationRepository(Pool pool) {
        this.pool = pool;
    }

    /** The organization's generation now; 0 for one that never changed anything. */
    public Uni<Long> current(String organizationId) {
        return pool.preparedQuery("select generation from gateway_generation where organization_id = $1")
                .execute(Tuple.of(organizationId))
                .map(GenerationRepository::first);
    }

    private static long first(RowSet<Row> rows) {
        var iterator = rows.iterator();
        return iterator.hasNext() ? iterator.next().getLong(0) : 0L;
    }
}
