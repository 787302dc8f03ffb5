package io.connectors.gateway.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.connectors.assignment.AssignedTarget;
import io.connectors.assignment.service.AssignmentService;
import io.connectors.connector.Connector;
import io.connectors.egress.ByteBudget;
import io.connectors.gateway.GatewayCall;
import io.connectors.gateway.GatewayConfig;
import io.connectors.gateway.ToolNames;
import io.connectors.gateway.repository.GenerationRepository;
import io.connectors.mcp.TesterConfig;
import io.connectors.mcp.client.McpCallException;
import io.connectors.mcp.client.McpToolCaller;
import io.connectors.mcp.client.McpToolLister;
import io.connectors.mcp.api.TestResult;
import io.connectors.mcp.service.ConnectorTester;
import io.connectors.mcp.service.McpBuilder;
import io.connectors.mcp.service.ResolvedToolset;
import io.connectors.oauth.OAuthMcpDefinition;
import io.connectors.oauth.OAuthMcpProvider;
import io.connectors.security.Caller;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What the gateway serves a teammate: the union of the tools of every enabled toolset, named
 * {@code <prefix>__<tool>} ({@link ToolNames}), filtered by each assignment's tool choice, and the calls of those
 * tools, made through {@link McpBuilder} (variables, tokens) and egress with the gateway's deadlines.
 *
 * <p>A list reads the teammate's assignments (one query), serves each toolset's tools from the {@link ToolCache}
 * and resolves and lists only the toolsets missing there, side by side, each within the tester's deadlines; a
 * toolset that fails contributes nothing. A call resolves only its own toolset.
 */
@Singleton
public class GatewayTools {

    /** Canonical JSON for the arguments' digest: keys sorted at every level, no whitespace. */
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final ObjectMapper MCP_JSON = new ObjectMapper();

    private final AssignmentService assignments;
    private final ConnectorTester connectorTester;
    private final McpBuilder builder;
    private final McpToolCaller caller;
    private final ToolCache cache;
    private final GenerationRepository generations;
    /** The teammate's toolsets by organization and teammate, at a generation. */
    private final GenerationCache<List<Toolset>> teammates;
    /** Resolved endpoints of header-authenticated toolsets by toolset cache key, at a generation. */
    private final GenerationCache<ResolvedToolset> endpoints;
    private final CacheInvalidation invalidation;
    private final OAuthMcpProvider oauthMcps;
    private final GatewayAudit audit;
    private final GatewayConfig config;
    private final TesterConfig tester;

    public GatewayTools(AssignmentService assignments, ConnectorTester connectorTester, McpBuilder builder, McpToolCaller caller, ToolCache cache,
            GenerationRepository generations, CacheInvalidation invalidation, OAuthMcpProvider oauthMcps,
            GatewayAudit audit, GatewayConfig config, TesterConfig tester) {
        this.assignments = assignments;
        this.connectorTester = connectorTester;
        this.builder = builder;
        this.caller = caller;
        this.cache = cache;
        this.generations = generations;
        this.teammates = new GenerationCache<>(config.maxCachedLists());
        this.endpoints = new GenerationCache<>(config.maxCachedLists());
        this.invalidation = invalidation;
        this.oauthMcps = oauthMcps;
        this.audit = audit;
        this.config = config;
        this.tester = tester;
    }

    /**
     * One toolset the teammate has: the assignment it comes from, its place among that assignment's toolsets, the
     * name people see, the key that never changes, its prefix and its cache key.
     */
    record Toolset(AssignedTarget target, int index, String name, String stableKey, String prefix,
            String cacheKey) {

        UUID mcpId() {
            return target.connector() == null ? null : target.connector().id;
        }

        String oauthMcp() {
            return target.connector() == null ? target.oauthMcp() : null;
        }
    }

    /** Who calls the gateway and for which teammate. */
    public record Session(String organizationId, String employeeId, Caller caller) {
    }

    // ---- tools/list ----

    public Uni<McpSchema.ListToolsResult> listTools(Session session, String cursor) {
        int offset = decodeCursor(cursor);
        return toolsets(session).flatMap(teammate -> toolLists(session.organizationId(), teammate.toolsets()))
                .map(lists -> {
                    List<McpSchema.Tool> all = new ArrayList<>();
                    lists.forEach((toolset, tools) -> {
                        for (McpSchema.Tool tool : tools) {
                            if (tool.name() != null && toolset.target().allows(tool.name())) {
                                all.add(renamed(tool, ToolNames.toolName(toolset.prefix(), tool.name())));
                            }
                        }
                    });
                    if (offset > all.size()) {
                        throw invalidCursor();
                    }
                    int end = Math.min(all.size(), offset + config.pageSize());
                    String next = end < all.size() ? encodeCursor(end) : null;
                    return new McpSchema.ListToolsResult(List.copyOf(all.subList(offset, end)), next);
                });
    }

    /** Every toolset's tools, in toolset order: from the cache, or listed now (failures: no tools). */
    private Uni<Map<Toolset, List<McpSchema.Tool>>> toolLists(String organizationId, List<Toolset> toolsets) {
        boolean cacheUsable = invalidation.listening();
        Map<Toolset, List<McpSchema.Tool>> found = new LinkedHashMap<>();
        List<Toolset> missing = new ArrayList<>();
        for (Toolset toolset : toolsets) {
            List<McpSchema.Tool> cached = cacheUsable ? cache.peek(toolset.cacheKey()) : null;
            found.put(toolset, cached);
            if (cached == null) {
                missing.add(toolset);
            }
        }
        if (missing.isEmpty()) {
            return Uni.createFrom().item(found);
        }
        ByteBudget requestBudget = ByteBudget.of(tester.maxRequestBytes());
        return resolve(organizationId, missing).flatMap(resolved -> {
            List<Uni<List<McpSchema.Tool>>> listings = new ArrayList<>();
            for (Toolset toolset : missing) {
                listings.add(listed(organizationId, toolset, resolved.get(toolset), requestBudget, cacheUsable)
                        .onFailure().recoverWithItem(failure -> {
                            Log.debugf("Gateway: %s contributes no tools: %s", toolset.name(), failure.getMessage());
                            return List.of();
                        }));
            }
            // Results arrive on HTTP client threads: the map is filled once they are all in.
            return Uni.join().all(listings).andCollectFailures().map(lists -> {
                for (int i = 0; i < missing.size(); i++) {
                    found.put(missing.get(i), lists.get(i));
                }
                return found;
            });
        });
    }

    /** The toolset's upstream tools, listed now (shared with concurrent lists of it) and cached when they can be. */
    private Uni<List<McpSchema.Tool>> listed(String organizationId, Toolset toolset, ResolvedToolset endpoint,
            ByteBudget requestBudget, boolean cacheUsable) {
        if (endpoint == null || !endpoint.resolved()) {
            return Uni.createFrom().failure(endpoint == null
                    ? new McpCallException(McpCallException.Kind.UNKNOWN_DEFINITION, toolset.name() + " is not available")
                    : endpoint.failure());
        }
        java.util.function.Supplier<Uni<List<McpSchema.Tool>>> listing = () -> caller
                .list(endpoint.endpoint(), organizationId, requestBudget, toolset.cacheKey())
                .map(McpToolLister.Listing::definitions);
        return cacheUsable ? cache.load(toolset.cacheKey(), listing) : listing.get();
    }

    // ---- the teammate tab ----

    /**
     * Every toolset's upstream tools, whatever the tool choice, in the test result's shape: from the cache where
     * it has them, else listed now (on the gateway's share and held sessions) and cached. A toolset that can't be
     * resolved or listed says why, with the tester's explanations.
     */
    public Uni<TestResult> teammateTools(String organizationId, String employeeId) {
        return toolsets(organizationId, employeeId).flatMap(teammate -> resolve(organizationId, teammate.toolsets())
                .flatMap(resolved -> {
                    List<ResolvedToolset> ordered = new ArrayList<>();
                    Map<ResolvedToolset, Toolset> toolsetOf = new java.util.IdentityHashMap<>();
                    resolved.forEach((toolset, endpoint) -> {
                        ordered.add(endpoint);
                        toolsetOf.put(endpoint, toolset);
                    });
                    boolean cacheUsable = invalidation.listening();
                    return connectorTester.test(organizationId, ordered, (endpoint, budget) -> {
                        Toolset toolset = toolsetOf.get(endpoint);
                        List<McpSchema.Tool> cached = cacheUsable ? cache.peek(toolset.cacheKey()) : null;
                        Uni<List<McpSchema.Tool>> tools = cached != null ? Uni.createFrom().item(cached)
                                : listed(organizationId, toolset, endpoint, budget, cacheUsable);
                        return tools.map(definitions -> McpToolLister.Listing.of(definitions,
                                tester.maxDescriptionLength()));
                    });
                }));
    }

    // ---- tools/call ----

    public Uni<McpSchema.CallToolResult> callTool(Session session, McpSchema.CallToolRequest request) {
        Instant started = Instant.now();
        long startNanos = System.nanoTime();
        String name = request.name() == null ? "" : request.name();
        String digest = sha256(request.arguments());
        String[] parts = ToolNames.split(name);
        return toolsets(session).flatMap(teammate -> {
            Optional<Toolset> match = parts == null ? Optional.empty()
                    : teammate.toolsets().stream().filter(t -> t.prefix().equals(parts[0])).findFirst();
            if (match.isEmpty() || !match.get().target().allows(parts[1])) {
                audit.record(record(session, null, "", cut(name), started, startNanos, GatewayCall.REFUSED,
                        "No such tool is offered to this teammate", digest, 0));
                return Uni.createFrom().failure(unknownTool(name));
            }
            Toolset toolset = match.get();
            String tool = parts[1];
            return endpointOf(session.organizationId(), toolset, teammate.generation())
                    .flatMap(endpoint -> offered(session, toolset, endpoint, tool)
                            .flatMap(known -> {
                                if (!known) {
                                    audit.record(record(session, toolset, tool, tool, started, startNanos,
                                            GatewayCall.REFUSED, "The upstream does not list this tool", digest, 0));
                                    return Uni.createFrom().<McpSchema.CallToolResult>failure(unknownTool(name));
                                }
                                return caller.call(endpoint.endpoint(), session.organizationId(), tool,
                                                request.arguments(), toolset.cacheKey())
                                        // A server may challenge only now (expired grant, insufficient_scope):
                                        // the same explanation, and the same scopes recorded, as in the tester.
                                        .onFailure(McpCallException.class).recoverWithUni(failure -> builder
                                                .explainRefusal(endpoint, (McpCallException) failure)
                                                .onItem().<McpSchema.CallToolResult>transformToUni(explained ->
                                                        Uni.createFrom().failure(explained)))
                                        .map(result -> {
                                            boolean toolError = Boolean.TRUE.equals(result.isError());
                                            audit.record(record(session, toolset, tool, tool, started, startNanos,
                                                    toolError ? GatewayCall.TOOL_ERROR : GatewayCall.OK,
                                                    toolError ? "The tool answered with an error" : null, digest,
                                                    jsonSize(result)));
                                            return result;
                                        });
                            }))
                    .onFailure(McpCallException.class).recoverWithItem(failure -> {
                        McpCallException e = (McpCallException) failure;
                        audit.record(record(session, toolset, tool, tool, started, startNanos, outcomeOf(e),
                                e.getMessage(), digest, 0));
                        return errorResult(e.getMessage());
                    });
        });
    }

    /**
     * Whether the upstream lists {@code tool}: from the cache, else listed now. A toolset that can't be resolved or
     * listed fails the call with its reason.
     */
    private Uni<Boolean> offered(Session session, Toolset toolset, ResolvedToolset endpoint, String tool) {
        if (endpoint == null || !endpoint.resolved()) {
            return Uni.createFrom().failure(endpoint == null
                    ? new McpCallException(McpCallException.Kind.UNKNOWN_DEFINITION, toolset.name() + " is not available")
                    : endpoint.failure());
        }
        boolean cacheUsable = invalidation.listening();
        List<McpSchema.Tool> cached = cacheUsable ? cache.peek(toolset.cacheKey()) : null;
        Uni<List<McpSchema.Tool>> tools = cached != null ? Uni.createFrom().item(cached)
                : listed(session.organizationId(), toolset, endpoint, ByteBudget.of(tester.maxRequestBytes()),
                        cacheUsable);
        return tools.map(list -> list.stream().anyMatch(t -> tool.equals(t.name())));
    }

    private static String outcomeOf(McpCallException failure) {
        return switch (failure.kind()) {
            case REFUSED, SECRET_NOT_ALLOWED -> GatewayCall.REFUSED;
            case TIMEOUT -> GatewayCall.TIMEOUT;
            default -> GatewayCall.FAILED;
        };
    }

    private static McpSchema.CallToolResult errorResult(String message) {
        return McpSchema.CallToolResult.builder().addTextContent(message).isError(true).build();
    }

    private static McpError unknownTool(String name) {
        return McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message("Unknown tool: " + cut(name)).build();
    }

    private static McpError invalidCursor() {
        return McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS).message("Invalid cursor").build();
    }

    private static GatewayCall record(Session session, Toolset toolset, String toolsetLabel, String tool,
            Instant started, long startNanos, String outcome, String error, String digest, long resultBytes) {
        Caller who = session.caller();
        return new GatewayCall(UUID.randomUUID(), session.organizationId(), session.employeeId(),
                toolset == null ? null : toolset.mcpId(), toolset == null ? null : toolset.oauthMcp(),
                toolset == null ? toolsetLabel : toolset.name(), cut(tool), who.userId(),
                who.runtime() ? "runtime" : "ai", started, (System.nanoTime() - startNanos) / 1_000_000, outcome,
                error == null ? null : cutText(error, 1000), digest, resultBytes);
    }

    // ---- the teammate's toolsets ----

    /** The teammate's toolsets, and the organization's generation they were read at. */
    record Teammate(long generation, List<Toolset> toolsets) {
    }

    /**
     * The teammate's toolsets, at most {@code connectors.tester.max-toolsets} of them (in assignment order), so one
     * request never fans out without bound; the rest are not served. Read from memory while the organization's
     * generation is unchanged, else from the assignments.
     */
    private Uni<Teammate> toolsets(Session session) {
        return toolsets(session.organizationId(), session.employeeId());
    }

    private Uni<Teammate> toolsets(String org, String employeeId) {
        return generations.current(org).flatMap(generation -> teammates
                .get(OrganizationCache.key(org, employeeId), generation,
                        () -> assignments.findAssignedTargets(org, employeeId)
                                .map(targets -> served(employeeId, toolsetsOf(org, targets))),
                        toolsets -> true)
                .map(toolsets -> new Teammate(generation, toolsets)));
    }

    private List<Toolset> served(String employeeId, List<Toolset> all) {
        if (all.size() <= tester.maxToolsets()) {
            return all;
        }
        Log.debugf("Gateway: teammate %s has %d toolsets; serving the first %d", employeeId, all.size(),
                tester.maxToolsets());
        return List.copyOf(all.subList(0, tester.maxToolsets()));
    }

    List<Toolset> toolsetsOf(String organizationId, List<AssignedTarget> targets) {
        record Draft(AssignedTarget target, int index, String name, String stableKey, String cacheKey) {
        }
        List<Draft> drafts = new ArrayList<>();
        for (AssignedTarget target : targets) {
            Connector connector = target.connector();
            if (connector != null && connector.isSimple()) {
                String key = "mcp:" + connector.id;
                drafts.add(new Draft(target, 0, connector.name, key, key));
                continue;
            }
            String oauthKey = connector != null ? connector.oauthMcp : target.oauthMcp();
            String base = connector != null ? "mcp:" + connector.id : "oauth:" + oauthKey;
            OAuthMcpDefinition definition = oauthMcps.find(oauthKey).orElse(null);
            String baseName = connector != null ? connector.name
                    : definition != null ? definition.name() : oauthKey;
            if (definition == null) {
                drafts.add(new Draft(target, 0, baseName, base, base));
                continue;
            }
            List<OAuthMcpDefinition.Toolset> sets = definition.toolsets();
            for (int i = 0; i < sets.size(); i++) {
                String name = sets.size() == 1 ? baseName : baseName + " / " + sets.get(i).name();
                String key = base + "/" + sets.get(i).name();
                // The list may depend on whose token lists it.
                drafts.add(new Draft(target, i, name, key, key + "|" + target.assignedBy()));
            }
        }
        Map<String, String> prefixes = ToolNames.prefixes(drafts.stream()
                .map(d -> new ToolNames.Named(d.name(), d.stableKey())).toList());
        return drafts.stream().map(d -> new Toolset(d.target(), d.index(), d.name(), d.stableKey(),
                prefixes.get(d.stableKey()), ToolCache.key(organizationId, d.cacheKey()))).toList();
    }

    /**
     * The toolset's endpoint for a call. A header-authenticated one is kept at the organization's generation (its
     * URL and headers depend only on rows that bump it); one with an OAuth token is resolved every time, since its
     * token is refreshed on its own schedule.
     */
    private Uni<ResolvedToolset> endpointOf(String organizationId, Toolset toolset, long generation) {
        return endpoints.get(toolset.cacheKey(), generation,
                () -> resolve(organizationId, List.of(toolset)).map(resolved -> resolved.get(toolset)),
                GatewayTools::keepable);
    }

    private static boolean keepable(ResolvedToolset resolved) {
        return resolved != null && resolved.resolved() && resolved.signedIn() == null && resolved.oauthMcp() == null;
    }

    /** Resolves the assignments of {@code toolsets} (each once) and maps every toolset to its endpoint. */
    private Uni<Map<Toolset, ResolvedToolset>> resolve(String organizationId, List<Toolset> toolsets) {
        List<AssignedTarget> targets = toolsets.stream().map(Toolset::target).distinct().toList();
        return builder.forAssigned(organizationId, targets).map(resolved -> {
            // Each target resolves to its toolsets in definition order; find them by their names.
            Map<Toolset, ResolvedToolset> byToolset = new LinkedHashMap<>();
            for (Toolset toolset : toolsets) {
                resolved.stream()
                        .filter(r -> r.name().equals(toolset.name()) && sameTarget(r, toolset))
                        .findFirst()
                        .ifPresent(r -> byToolset.put(toolset, r));
            }
            return byToolset;
        });
    }

    private static boolean sameTarget(ResolvedToolset resolved, Toolset toolset) {
        return java.util.Objects.equals(resolved.mcpId(), toolset.mcpId())
                && java.util.Objects.equals(resolved.oauthMcp(), toolset.oauthMcp());
    }

    // ---- small helpers ----

    private static McpSchema.Tool renamed(McpSchema.Tool tool, String name) {
        return new McpSchema.Tool(name, tool.title(), tool.description(), tool.inputSchema(), tool.outputSchema(),
                tool.annotations(), tool.meta(), tool.icons());
    }

    static String sha256(Map<String, Object> arguments) {
        try {
            byte[] json = CANONICAL.writeValueAsBytes(arguments == null ? Map.of() : arguments);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("Arguments could not be digested", e);
        }
    }

    private static long jsonSize(McpSchema.CallToolResult result) {
        try {
            return MCP_JSON.writeValueAsBytes(result).length;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return 0;
        }
    }

    private static String encodeCursor(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("o:" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int decodeCursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!text.startsWith("o:") || text.length() > 12) {
                throw invalidCursor();
            }
            int offset = Integer.parseInt(text.substring(2));
            if (offset < 0) {
                throw invalidCursor();
            }
            return offset;
        } catch (IllegalArgumentException e) {
            throw invalidCursor();
        }
    }

    private static String cut(String text) {
        return cutText(text, 128);
    }

    private static String cutText(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
