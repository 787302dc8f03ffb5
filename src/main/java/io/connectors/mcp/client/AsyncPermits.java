package io.connectors.mcp.client;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A non-blocking semaphore: {@link #acquire()} emits a permit when one is free, waiting in a bounded queue otherwise.
 * Nothing parks a thread; a waiter that is cancelled (its deadline fired) leaves the queue without taking a permit.
 */
public final class AsyncPermits {

    private final int permits;
    private final int maxQueued;
    private final AtomicInteger inUse = new AtomicInteger();
    private final AtomicInteger queued = new AtomicInteger();
    private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();

    public AsyncPermits(int permits, int maxQueued) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1");
        }
        this.permits = permits;
        this.maxQueued = Math.max(0, maxQueued);
    }

    /** Emits a {@link Permit} to {@link Permit#release()} exactly once; fails with {@link BusyException} when full. */
    public Uni<Permit> acquire() {
        return Uni.createFrom().deferred(() -> {
            Waiter[] waiting = new Waiter[1];
            return Uni.createFrom().<Permit>emitter(emitter -> {
                if (tryTake()) {
                    emitter.complete(new Permit());
                    return;
                }
                if (queued.incrementAndGet() > maxQueued) {
                    queued.decrementAndGet();
                    emitter.fail(new BusyException());
                    return;
                }
                Waiter waiter = new Waiter(emitter);
                waiting[0] = waiter;
                waiters.add(waiter);
                // A permit may have been released between tryTake and add: hand it over now.
                drain();
            }).onCancellation().invoke(() -> {
                if (waiting[0] != null) {
                    waiting[0].cancel();
                }
            });
        });
    }

    public int inUse() {
        return inUse.get();
    }

    private boolean tryTake() {
        while (true) {
            int current = inUse.get();
            if (current >= permits) {
                return false;
            }
            if (inUse.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    private void drain() {
        while (!waiters.isEmpty() && tryTake()) {
            Waiter next = waiters.poll();
            if (next == null || !next.grant()) {
                inUse.decrementAndGet();
            }
        }
    }

    private void release() {
        inUse.decrementAndGet();
        drain();
    }

    private final class Waiter {
        private final UniEmitter<? super Permit> emitter;
        private final AtomicBoolean decided = new AtomicBoolean();
        private volatile Permit granted;

        Waiter(UniEmitter<? super Permit> emitter) {
            this.emitter = emitter;
        }

        boolean grant() {
            if (!decided.compareAndSet(false, true)) {
                return false;
            }
            queued.decrementAndGet();
            granted = new Permit();
            emitter.complete(granted);
            return true;
        }

        /** The waiter's deadline fired: leave the queue, or give back a permit granted at that very moment. */
        void cancel() {
            if (decided.compareAndSet(false, true)) {
                queued.decrementAndGet();
                waiters.remove(this);
            } else if (granted != null) {
                granted.release();
            }
        }
    }

    /** One slot; releasing twice is harmless. */
    public final class Permit {
        private final AtomicBoolean released = new AtomicBoolean();

        public void release() {
            if (released.compareAndSet(false, true)) {
                AsyncPermits.this.release();
            }
        }
    }

    /** Every slot is taken and the queue is full. */
    public static final class BusyException extends RuntimeException {
        public BusyException() {
            super("busy", null, false, false);
        }
    }
}
