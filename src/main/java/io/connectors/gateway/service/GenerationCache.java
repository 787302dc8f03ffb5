package io.connectors.gateway.service;

import io.smallrye.mutiny.Uni;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Values stamped with the organization generation they were read at ({@code GenerationRepository}): one is served
 * only to a request that read the same generation, so it is never stale, whichever replica changed what. A load
 * is stamped with the generation read before it started: a change during the load leaves it behind the next
 * request's generation, which loads again. Holds at most {@code maxEntries}; past it, it starts over.
 */
final class GenerationCache<V> {

    private record Stamped<V>(long generation, V value) {

        /** The value may hold decrypted headers: never printed. */
        @Override
        public String toString() {
            return "Stamped[generation=" + generation + "]";
        }
    }

    private final ConcurrentHashMap<String, Stamped<V>> entries = new ConcurrentHashMap<>();
    private final int maxEntries;

    GenerationCache(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** The value of {@code key} at {@code generation}: kept, or loaded now and kept when {@code keep} accepts it. */
    Uni<V> get(String key, long generation, Supplier<Uni<V>> load, Predicate<V> keep) {
        Stamped<V> stamped = entries.get(key);
        if (stamped != null && stamped.generation() == generation) {
            return Uni.createFrom().item(stamped.value());
        }
        return load.get().invoke(value -> {
            if (!keep.test(value)) {
                return;
            }
            if (entries.size() >= maxEntries) {
                entries.clear();
            }
            // A newer generation already stored by a concurrent load wins.
            entries.merge(key, new Stamped<>(generation, value),
                    (old, fresh) -> old.generation() > fresh.generation() ? old : fresh);
        });
    }

    int size() {
        return entries.size();
    }
}
