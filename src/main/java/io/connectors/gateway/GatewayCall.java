package io.connectors.gateway;

import java.time.Instant;
import java.util.UUID;

/**
 * The audit record of one gateway {@code tools/call}: who called which upstream tool, when, how long it took and
 * how it ended. It holds a digest of the arguments and the size of the result, never the arguments or the result.
 *
 * @param toolset  the toolset's name as people see it (connector name, or "Google Drive / drive")
 * @param tool     the upstream tool's name (without the gateway's prefix)
 * @param caller   the token's subject
 * @param actor    {@code runtime} or {@code ai}
 * @param outcome  {@code ok}, {@code tool_error}, {@code failed}, {@code refused} or {@code timeout}
 * @param error    plain text for every outcome but {@code ok}, else {@code null}
 */
public record GatewayCall(UUID id, String organizationId, String employeeId, UUID mcpId, String oauthMcp,
        String toolset, String tool, String caller, String actor, Instant startedAt, long durationMs,
        String outcome, String error, String argumentsSha256, long resultBytes) {

    public static final String OK = "ok";
    public static final String TOOL_ERROR = "tool_error";
    public static final String FAILED = "failed";
    public static final String REFUSED = "refused";
    public static final String TIMEOUT = "timeout";
}
