package io.connectors.mcp.client;

import io.smallrye.mutiny.Uni;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The tester's concurrency, shared fairly: a pod-wide limit of sessions, and within it at most {@code perKey} for one
 * organization, so one organization's flood waits in its own queue and others keep the rest of the slots. A call
 * first takes its organization's slot, then a pod slot. Per-organization semaphores exist only while in use.
 */
public final class FairPermits {

    private final AsyncPermits global;
    private final int perKey;
    private final int maxQueued;
    private final ConcurrentHashMap<String, Share> shares = new ConcurrentHashMap<>();

    public FairPermits(int permits, int perKey, int maxQueued) {
        this.global = new AsyncPermits(permits, maxQueued);
        this.perKey = Math.max(1, Math.min(perKey, permits));
        this.maxQueued = maxQueued;
    }

    /** Runs {@code work} holding a slot of {@code key}'s share and a pod slot; see {@link AsyncPermits}. */
    public <T> Uni<T> withPermit(String key, Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            Share share = shares.compute(key, (k, existing) -> {
                Share s = existing == null ? new Share(new AsyncPermits(perKey, maxQueued)) : existing;
                s.users++;
                return s;
            });
            return share.permits.withPermit(() -> global.withPermit(work))
                    .onTermination().invoke(() -> shares.computeIfPresent(key, (k, s) -> --s.users == 0 ? null : s));
        });
    }

    /** Organizations with a call waiting or running (the map holds nothing else). */
    public int activeKeys() {
        return shares.size();
    }

    private static final class Share {
        final AsyncPermits permits;
        int users; // changed only inside compute, under the map's lock for this key

        Share(AsyncPermits permits) {
            this.permits = permits;
        }
    }
}
