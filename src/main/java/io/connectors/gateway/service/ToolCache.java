package io.connectors.gateway.service;

import io.connectors.gateway.GatewayConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelcontextprotocol.spec.McpSchema;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.function.Supplier;

/**
 * Upstream tool lists per toolset, for {@code connectors.gateway.tools-ttl}. Entries are dropped per organization
 * when anything a list depends on changes there ({@link CacheInvalidation} hears of it from PostgreSQL, whichever
 * replica made the change), and all at once when that channel may have missed something. Only successful lists
 * are kept: a failing upstream is asked again next time. Concurrent misses of one key share one listing.
 */
@Singleton
public class ToolCache {

    private final OrganizationCache<List<McpSchema.Tool>> lists;
    private final Counter hits;
    private final Counter misses;

    public ToolCache(GatewayConfig config, MeterRegistry meters) {
        this.lists = new OrganizationCache<>(config.toolsTtl(), config.maxCachedLists());
        this.hits = Counter.builder("connectors.gateway.tool.cache").tag("result", "hit")
                .description("Gateway tool-list lookups by result").register(meters);
        this.misses = Counter.builder("connectors.gateway.tool.cache").tag("result", "miss")
                .description("Gateway tool-list lookups by result").register(meters);
    }

    /** The cache key of a toolset: its organization first, so an organization's entries can be dropped together. */
    public static String key(String organizationId, String toolsetKey) {
        return OrganizationCache.key(organizationId, toolsetKey);
    }

    /** The cached list of {@code key} if fresh, else {@code null}; counts a hit or a miss. */
    public List<McpSchema.Tool> peek(String key) {
        List<McpSchema.Tool> tools = lists.peek(key);
        (tools != null ? hits : misses).increment();
        return tools;
    }

    /**
     * The list of {@code key} from {@code listing}, shared with concurrent callers of the same key, kept when it
     * succeeds and no drop happened meanwhile.
     */
    public Uni<List<McpSchema.Tool>> load(String key, Supplier<Uni<List<McpSchema.Tool>>> listing) {
        return lists.load(key, () -> listing.get().map(List::copyOf), tools -> true);
    }

    /** Drops one list (its upstream said its tools changed). */
    public void drop(String key) {
        lists.drop(key);
    }

    /** Drops every list of the organization. */
    public void dropOrganization(String organizationId) {
        lists.dropOrganization(organizationId);
    }

    /** Drops everything (the notification channel was down: changes may have been missed). */
    public void dropAll() {
        lists.dropAll();
    }

    /** Lists held now (tests and metrics). */
    public int size() {
        return lists.size();
    }
}
