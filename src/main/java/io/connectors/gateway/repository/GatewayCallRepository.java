package io.connectors.gateway.repository;

import io.connectors.gateway.GatewayCall;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The gateway's audit records, always within one organization. Written with the reactive pool itself rather than
 * a Hibernate session: a record is one statement in its own transaction, written after the call whatever the
 * request's session is doing, and never part of it.
 */
@Singleton
public class GatewayCallRepository {

    private final Pool pool;

    public GatewayCallRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> insert(GatewayCall call) {
        return pool.preparedQuery("insert into gateway_call (id, organization_id, employee_id, mcp_id, oauth_mcp, "
                        + "toolset, tool, caller, actor, started_at, duration_ms, outcome, error, arguments_sha256, "
                        + "result_bytes) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)")
                .execute(Tuple.from(new Object[] {call.id(), call.organizationId(), call.employeeId(), call.mcpId(),
                        call.oauthMcp(), call.toolset(), call.tool(), call.caller(), call.actor(),
                        call.startedAt().atOffset(ZoneOffset.UTC), call.durationMs(), call.outcome(), call.error(),
                        call.argumentsSha256(), call.resultBytes()}))
                .replaceWithVoid();
    }

    /**
     * The teammate's records, newest first; with {@code before}, only those older than that record (same
     * organization and teammate; an id that isn't theirs yields nothing).
     */
    public Uni<List<GatewayCall>> findPage(String organizationId, String employeeId, UUID before, int limit) {
        String sql = before == null
                ? "select * from gateway_call where organization_id = $1 and employee_id = $2 "
                        + "order by started_at desc, id desc limit $3"
                : "select g.* from gateway_call g, gateway_call b where g.organization_id = $1 "
                        + "and g.employee_id = $2 and b.id = $4 and b.organization_id = $1 and b.employee_id = $2 "
                        + "and (g.started_at, g.id) < (b.started_at, b.id) "
                        + "order by g.started_at desc, g.id desc limit $3";
        Tuple params = before == null ? Tuple.of(organizationId, employeeId, limit)
                : Tuple.of(organizationId, employeeId, limit, before);
        return pool.preparedQuery(sql).execute(params).map(rows -> {
            List<GatewayCall> calls = new ArrayList<>();
            for (Row row : rows) {
                calls.add(toCall(row));
            }
            return calls;
        });
    }

    /** Deletes up to {@code batch} records started before {@code cutoff}; answers how many went. */
    public Uni<Integer> deleteOlderThan(Instant cutoff, int batch) {
        return pool.preparedQuery("delete from gateway_call where id in (select id from gateway_call "
                        + "where started_at < $1 limit $2)")
                .execute(Tuple.of(cutoff.atOffset(ZoneOffset.UTC), batch))
                .map(rows -> rows.rowCount());
    }

    private static GatewayCall toCall(Row row) {
        OffsetDateTime started = row.getOffsetDateTime("started_at");
        return new GatewayCall(row.getUUID("id"), row.getString("organization_id"), row.getString("employee_id"),
                row.getUUID("mcp_id"), row.getString("oauth_mcp"), row.getString("toolset"), row.getString("tool"),
                row.getString("caller"), row.getString("actor"), started.toInstant(), row.getLong("duration_ms"),
                row.getString("outcome"), row.getString("error"), row.getString("arguments_sha256"),
                row.getLong("result_bytes"));
    }
}
