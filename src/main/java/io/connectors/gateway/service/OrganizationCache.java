package io.connectors.gateway.service;

import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Values per key, each key starting with its organization ({@link #key(String, String)}), kept for a TTL, dropped per
 * organization or all at once. Concurrent misses of one key share one load, and a load that started before a drop
 * is not stored (it may have read what the drop was about). Holds at most {@code maxEntries}; past it, it starts
 * over. Hand-written because no cache library here drops by key prefix and refuses stale loads together.
 */
final class OrganizationCache<V> {

    private record Entry<V>(V value, long expiresAtNanos) {

        /** The value is whatever is cached: never printed. */
        @Override
        public String toString() {
            return "Entry[expiresAtNanos=" + expiresAtNanos + "]";
        }
    }

    private final ConcurrentHashMap<String, Entry<V>> entries = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Uni<V>> inFlight = new ConcurrentHashMap<>();
    /** Bumped by every drop: a load that started before one is not stored. */
    private final AtomicLong epoch = new AtomicLong();
    private final Duration ttl;
    private final int maxEntries;

    OrganizationCache(Duration ttl, int maxEntries) {
        this.ttl = ttl;
        this.maxEntries = maxEntries;
    }

    /** A key of the organization: dropping the organization drops it. */
    static String key(String organizationId, String rest) {
        return organizationId + "\u0000" + rest;
    }

    /** The fresh value of {@code key}, or {@code null}. */
    V peek(String key) {
        Entry<V> entry = entries.get(key);
        return entry != null && entry.expiresAtNanos() - System.nanoTime() > 0 ? entry.value() : null;
    }

    /**
     * The value of {@code key} from {@code load}, shared with concurrent callers of the same key, stored when it
     * succeeds, {@code keep} accepts it, and no drop happened meanwhile.
     */
    Uni<V> load(String key, Supplier<Uni<V>> load, java.util.function.Predicate<V> keep) {
        return Uni.createFrom().deferred(() -> {
            long started = epoch.get();
            return inFlight.computeIfAbsent(key, k -> load.get()
                    .invoke(value -> {
                        if (keep.test(value)) {
                            store(key, value, started);
                        }
                    })
                    .onTermination().invoke(() -> inFlight.remove(k))
                    .memoize().indefinitely());
        });
    }

    private void store(String key, V value, long started) {
        if (started != epoch.get()) {
            return;
        }
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        entries.put(key, new Entry<>(value, System.nanoTime() + ttl.toNanos()));
        if (started != epoch.get()) {
            entries.remove(key); // a drop raced with the store
        }
    }

    void drop(String key) {
        epoch.incrementAndGet();
        entries.remove(key);
        inFlight.remove(key);
    }

    void dropOrganization(String organizationId) {
        epoch.incrementAndGet();
        String prefix = organizationId + "\u0000";
        entries.keySet().removeIf(k -> k.startsWith(prefix));
        inFlight.keySet().removeIf(k -> k.startsWith(prefix));
    }

    void dropAll() {
        epoch.incrementAndGet();
        entries.clear();
        inFlight.clear();
    }

    int size() {
        return entries.size();
    }
}
