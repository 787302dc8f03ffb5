package io.connectors.gateway.service;

import io.connectors.gateway.AuditConfig;
import io.connectors.gateway.GatewayCall;
import io.connectors.gateway.api.GatewayCallResponse;
import io.connectors.gateway.repository.GatewayCallRepository;
import io.connectors.error.ValidationException;
import io.connectors.security.OpaqueIds;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The gateway's audit trail and call metrics: one record per {@code tools/call}, written after the call on its own
 * (a failed write is logged and counted, the caller still gets the result), listed newest first, and pruned in the
 * background past {@code connectors.audit.retention} in small batches that never hold an event loop.
 */
@Singleton
public class GatewayAudit {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;
    private static final int PRUNE_BATCH = 5000;

    private final GatewayCallRepository repository;
    private final AuditConfig config;
    private final Vertx vertx;
    private final MeterRegistry meters;
    private final Counter writeFailures;
    private volatile long pruneTimer = -1;

    public GatewayAudit(GatewayCallRepository repository, AuditConfig config, Vertx vertx, MeterRegistry meters) {
        this.repository = repository;
        this.config = config;
        this.vertx = vertx;
        this.meters = meters;
        this.writeFailures = Counter.builder("connectors.gateway.audit.failures")
                .description("Gateway audit records that could not be written").register(meters);
    }

    /** Counts the call by outcome and latency, then writes its record without making anyone wait for it. */
    public void record(GatewayCall call) {
        Timer.builder("connectors.gateway.calls")
                .description("Gateway tool calls by outcome, with their latency")
                .tag("outcome", call.outcome())
                .publishPercentileHistogram()
                .register(meters)
                .record(Duration.ofMillis(call.durationMs()));
        repository.insert(call).subscribe().with(ok -> {
        }, failure -> {
            writeFailures.increment();
            // The record's fields are safe to log: no arguments, results or secrets in it.
            Log.errorf("Audit record of a gateway call could not be written (%s): org=%s employee=%s tool=%s "
                            + "outcome=%s", failure.getClass().getSimpleName(), call.organizationId(),
                    call.employeeId(), call.tool(), call.outcome());
        });
    }

    /** The teammate's records, newest first; {@code before} is the id of the last record of the previous page. */
    public Uni<List<GatewayCallResponse>> findCalls(String organizationId, String employeeId, Integer limit,
            String before) {
        if (employeeId == null || !OpaqueIds.OPAQUE_ID.matcher(employeeId).matches()) {
            throw new ValidationException("employee_id", "must be 1 to 64 of A-Z, a-z, 0-9, _ and -");
        }
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw new ValidationException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        UUID cursor = null;
        if (before != null && !before.isBlank()) {
            try {
                cursor = UUID.fromString(before.strip());
            } catch (IllegalArgumentException e) {
                throw new ValidationException("before", "must be the id of a call (UUID)");
            }
        }
        return repository.findPage(organizationId, employeeId, cursor, size)
                .map(calls -> calls.stream().map(GatewayCallResponse::of).toList());
    }

    void startPruning(@Observes StartupEvent event) {
        long every = Math.max(1000, config.pruneInterval().toMillis());
        pruneTimer = vertx.setPeriodic(every, id -> prune().subscribe().with(deleted -> {
        }));
    }

    void stopPruning(@Observes ShutdownEvent event) {
        if (pruneTimer >= 0) {
            vertx.cancelTimer(pruneTimer);
        }
    }

    /** Deletes records past the retention, batch by batch, each batch a statement of its own. */
    public Uni<Long> prune() {
        Instant cutoff = Instant.now().minus(config.retention());
        return pruneFrom(cutoff, 0L)
                .onFailure().recoverWithItem(failure -> {
                    Log.warnf("Pruning gateway audit records failed (%s); next run retries",
                            failure.getClass().getSimpleName());
                    return -1L;
                });
    }

    private Uni<Long> pruneFrom(Instant cutoff, long deletedSoFar) {
        return repository.deleteOlderThan(cutoff, PRUNE_BATCH).flatMap(deleted -> deleted < PRUNE_BATCH
                ? Uni.createFrom().item(deletedSoFar + deleted)
                : pruneFrom(cutoff, deletedSoFar + deleted));
    }
}
