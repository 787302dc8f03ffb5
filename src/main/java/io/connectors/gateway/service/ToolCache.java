package io.connectors.gateway.service;

import io.connectors.gateway.GatewayConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelcontextprotocol.spec.McpSchema;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Upstream tool lists per toolset, for {@code connectors.gateway.tools-ttl}. Entries are dropped per organization
 * when anything a list depends on changes there ({@link CacheInvalidation} hears of it from PostgreSQL, whichever
 * replica made the change), and all at once when that channel may have missed something. Only successful lists
 * are kept: a failing upstream is asked again next time. Concurrent misses of one key share one listing.
 */
@Singleton
public class ToolCache {

    /** A cached list and when it stops being served. */
    private record Entry(List<McpSchema.Tool> tools, long expiresAtNanos) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Uni<List<McpSchema.Tool>>> inFlight = new ConcurrentHashMap<>();
    /** Bumped by every drop: a listing that started before one may be stale and is not stored. */
    private final AtomicLong epoch = new AtomicLong();
    private final Duration ttl;
    private final int maxEntries;
    private final Counter hits;
    private final Counter misses;

    public ToolCache(GatewayConfig config, MeterRegistry meters) {
        this.ttl = config.toolsTtl();
        this.maxEntries = config.maxCachedLists();
        this.hits = Counter.builder("connectors.gateway.tool.cache").tag("result", "hit")
                .description("Gateway tool-list lookups by result").register(meters);
        this.misses = Counter.builder("connectors.gateway.tool.cache").tag("result", "miss")
                .description("Gateway tool-list lookups by result").register(meters);
    }

    /** The cache key of a toolset: its organization first, so an organization's entries can be dropped together. */
    public static String key(String organizationId, String toolsetKey) {
        return organizationId + "\u0000" + toolsetKey;
    }

    /** The cached list of {@code key} if fresh, else {@code null}; counts a hit or a miss. */
    public List<McpSchema.Tool> peek(String key) {
        Entry entry = entries.get(key);
        if (entry != null && entry.expiresAtNanos() - System.nanoTime() > 0) {
            hits.increment();
            return entry.tools();
        }
        misses.increment();
        return null;
    }

    /**
     * The list of {@code key} from {@code listing}, shared with concurrent callers of the same key, kept when it
     * succeeds and no drop happened meanwhile.
     */
    public Uni<List<McpSchema.Tool>> load(String key, Supplier<Uni<List<McpSchema.Tool>>> listing) {
        return Uni.createFrom().deferred(() -> {
            long started = epoch.get();
            return inFlight.computeIfAbsent(key, k -> listing.get()
                    .invoke(tools -> store(key, tools, started))
                    .onTermination().invoke(() -> inFlight.remove(k))
                    .memoize().indefinitely());
        });
    }

    private void store(String key, List<McpSchema.Tool> tools, long started) {
        if (started != epoch.get()) {
            return; // something changed while the list was fetched: it may already be stale
        }
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        entries.put(key, new Entry(List.copyOf(tools), System.nanoTime() + ttl.toNanos()));
        if (started != epoch.get()) {
            entries.remove(key); // a drop raced with the store
        }
    }

    /** Drops one list (its upstream said its tools changed). */
    public void drop(String key) {
        epoch.incrementAndGet();
        entries.remove(key);
        inFlight.remove(key);
    }

    /** Drops every list of the organization. */
    public void dropOrganization(String organizationId) {
        epoch.incrementAndGet();
        String prefix = organizationId + "\u0000";
        entries.keySet().removeIf(k -> k.startsWith(prefix));
        inFlight.keySet().removeIf(k -> k.startsWith(prefix));
    }

    /** Drops everything (the notification channel was down: changes may have been missed). */
    public void dropAll() {
        epoch.incrementAndGet();
        entries.clear();
        inFlight.clear();
    }

    /** Lists held now (tests and metrics). */
    public int size() {
        return entries.size();
    }
}
