package io.connectors.assignment.repository;

import io.connectors.assignment.Assignment;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Teammate assignments, always within one organization. */
@ApplicationScoped
public class AssignmentRepository implements PanacheRepositoryBase<Assignment, UUID> {

    /** An assignment row and the name of its connector ({@code null} for predefined OAuth MCPs). */
    public record Row(Assignment assignment, String connectorName) {
    }

    /** A stored assignment, its connector's name, and whether this call created it. */
    public record Upserted(Assignment assignment, String connectorName, boolean created) {
    }

    /** The teammate's assignments with their connectors' names, in one query. */
    public Uni<List<Row>> findWithNames(String organizationId, String employeeId) {
        return Panache.getSession().chain(session -> session.createSelectionQuery(
                        "select a, c.name from Assignment a left join Connector c on c.id = a.mcpId "
                                + "where a.organizationId = :org and a.employeeId = :employee "
                                + "order by a.createdAt, a.id", Object[].class)
                .setParameter("org", organizationId)
                .setParameter("employee", employeeId)
                .getResultList())
                .map(rows -> rows.stream().map(r -> new Row((Assignment) r[0], (String) r[1])).toList());
    }

    /** The teammate's assignments with their connectors loaded, in one query. */
    public Uni<List<Object[]>> findWithConnectors(String organizationId, String employeeId) {
        return Panache.getSession().chain(session -> session.createSelectionQuery(
                        "select a, c from Assignment a left join Connector c on c.id = a.mcpId "
                                + "where a.organizationId = :org and a.employeeId = :employee "
                                + "order by a.createdAt, a.id", Object[].class)
                .setParameter("org", organizationId)
                .setParameter("employee", employeeId)
                .getResultList());
    }

    /**
     * Inserts the assignment unless it exists, in one statement that is safe under concurrent calls; the
     * {@code xmax = 0} test tells a fresh row from an existing one. A connector of another organization fails the
     * composite foreign key. With {@code replaceTools} an existing row takes the candidate's tool choice, else it
     * keeps its own.
     */
    public Uni<Upserted> upsert(Assignment candidate, boolean replaceTools) {
        String conflictTarget = candidate.mcpId != null
                ? "(organization_id, employee_id, mcp_id) where mcp_id is not null"
                : "(organization_id, employee_id, oauth_mcp) where oauth_mcp is not null";
        // Parameters appear in the order of their numbers: the SQL reaches the driver renumbered by order of
        // appearance.
        String tools = "cast(?8 as text[])";
        String sql = "insert into assignment (id, organization_id, employee_id, mcp_id, oauth_mcp, created_at, "
                + "created_by, tools) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, " + tools + ") on conflict "
                + conflictTarget
                + " do update set employee_id = excluded.employee_id,"
                + " tools = case when ?9 then excluded.tools else assignment.tools end"
                + " returning id, created_at, created_by, (xmax = 0) as inserted,"
                + " (select c.name from connector c where c.id = assignment.mcp_id) as connector_name,"
                + " array_to_json(assignment.tools)::text as tools";
        return Panache.getSession().chain(session -> session.createNativeQuery(sql, Object[].class)
                .setParameter(1, candidate.id)
                .setParameter(2, candidate.organizationId)
                .setParameter(3, candidate.employeeId)
                .setParameter(4, candidate.mcpId)
                .setParameter(5, candidate.oauthMcp)
                .setParameter(6, candidate.createdAt)
                .setParameter(7, candidate.createdBy)
                .setParameter(8, candidate.tools)
                .setParameter(9, replaceTools)
                .getSingleResult())
                .map(row -> {
                    Assignment stored = new Assignment();
                    stored.id = (UUID) row[0];
                    stored.organizationId = candidate.organizationId;
                    stored.employeeId = candidate.employeeId;
                    stored.mcpId = candidate.mcpId;
                    stored.oauthMcp = candidate.oauthMcp;
                    stored.createdAt = toInstant(row[1]);
                    stored.createdBy = (String) row[2];
                    stored.tools = fromJsonArray((String) row[5]);
                    return new Upserted(stored, (String) row[4], Boolean.TRUE.equals(row[3]));
                });
    }

    /** Reads what {@code array_to_json} returned: a flat array of strings, or SQL null. */
    static String[] fromJsonArray(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, String[].class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Unreadable tool choice from the database", e);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    public Uni<Long> deleteTarget(String organizationId, String employeeId, UUID mcpId, String oauthMcp) {
        return mcpId != null
                ? delete("organizationId = :org and employeeId = :employee and mcpId = :target",
                        Parameters.with("org", organizationId).and("employee", employeeId).and("target", mcpId))
                : delete("organizationId = :org and employeeId = :employee and oauthMcp = :target",
                        Parameters.with("org", organizationId).and("employee", employeeId).and("target", oauthMcp));
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime odt) {
            return odt.toInstant();
        }
        if (value instanceof java.sql.Timestamp ts) {
            return ts.toInstant();
        }
        throw new IllegalStateException("Unexpected timestamp type " + value.getClass());
    }
}
