package io.connectors.mcp.client;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.UniEmitter;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A non-blocking semaphore: {@link #withPermit(Supplier)} runs a piece of work when a slot is free, waiting in a
 * bounded queue otherwise. Nothing parks a thread.
 *
 * <p>Why not a library bulkhead: the per-organization limit needs one semaphore per organization, created and dropped
 * at run time, which annotation-driven bulkheads don't offer. Why the work runs inside: a slot handed out as an item
 * can be dropped by any operator between here and its user when a cancellation races the hand-over (the earlier
 * {@code acquire()} leaked slots so). Here one state machine per call owns the slot from grant to release: whichever
 * of completion, failure and cancellation comes first releases it, exactly once ({@code AsyncPermitsStressTest}).
 */
public final class AsyncPermits {

    private static final int NEW = 0;
    private static final int WAITING = 1;
    private static final int RUNNING = 2;
    private static final int DONE = 3;
    private static final int CANCELLED = 4;

    private final int permits;
    private final int maxQueued;
    private final AtomicInteger inUse = new AtomicInteger();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger draining = new AtomicInteger();
    private final ConcurrentLinkedQueue<Call<?>> waiters = new ConcurrentLinkedQueue<>();

    public AsyncPermits(int permits, int maxQueued) {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1");
        }
        this.permits = permits;
        this.maxQueued = Math.max(0, maxQueued);
    }

    /**
     * Runs {@code work} holding a slot and emits its outcome; fails with {@link BusyException} at once when every slot
     * is taken and the queue is full. Cancelling leaves the queue, or cancels the work; the slot is given back either
     * way.
     */
    public <T> Uni<T> withPermit(Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            Call<T> call = new Call<>(emitter, work);
            emitter.onTermination(call::terminated);
            if (tryTake()) {
                call.start();
                return;
            }
            if (queued.incrementAndGet() > maxQueued) {
                queued.decrementAndGet();
                call.busy();
                return;
            }
            if (!call.state.compareAndSet(NEW, WAITING)) {
                queued.decrementAndGet(); // cancelled already
                return;
            }
            waiters.add(call);
            // A slot may have been released between tryTake and add: hand it over now.
            drain();
        });
    }

    /** Slots taken now. */
    public int inUse() {
        return inUse.get();
    }

    /** Calls waiting for a slot now. */
    public int queued() {
        return queued.get();
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

    /**
     * Hands free slots to waiters; a waiter that left meanwhile gives its slot straight back. One thread drains at a
     * time and loops while others asked it to: work that ends at once (and so releases inside a grant) would otherwise
     * recurse once per waiter.
     */
    private void drain() {
        if (draining.getAndIncrement() != 0) {
            return;
        }
        do {
            while (!waiters.isEmpty() && tryTake()) {
                Call<?> next = waiters.poll();
                if (next == null || !next.grant()) {
                    inUse.decrementAndGet();
                }
            }
        } while (draining.decrementAndGet() != 0);
    }

    private void release() {
        inUse.decrementAndGet();
        drain();
    }

    private final class Call<T> {
        private final UniEmitter<? super T> emitter;
        private final Supplier<Uni<T>> work;
        private final AtomicInteger state = new AtomicInteger(NEW);
        private volatile Cancellable running;

        Call(UniEmitter<? super T> emitter, Supplier<Uni<T>> work) {
            this.emitter = emitter;
            this.work = work;
        }

        void busy() {
            if (state.compareAndSet(NEW, DONE)) {
                emitter.fail(new BusyException());
            }
        }

        /** A slot was taken for this waiter; false if it left the queue meanwhile. */
        boolean grant() {
            if (!state.compareAndSet(WAITING, NEW)) {
                return false;
            }
            queued.decrementAndGet();
            start();
            return true;
        }

        /** Runs the work holding the slot taken for it. */
        void start() {
            if (!state.compareAndSet(NEW, RUNNING)) {
                release(); // cancelled between taking the slot and starting
                return;
            }
            Uni<T> job;
            try {
                job = work.get();
            } catch (RuntimeException e) {
                finish(() -> emitter.fail(e));
                return;
            }
            running = job.subscribe().with(item -> finish(() -> emitter.complete(item)),
                    failure -> finish(() -> emitter.fail(failure)));
            if (state.get() == CANCELLED) {
                running.cancel(); // cancelled while subscribing
            }
        }

        private void finish(Runnable emit) {
            if (state.compareAndSet(RUNNING, DONE)) {
                release();
                emit.run();
            }
        }

        /** The emitter ended: if it was a cancellation, leave the queue or stop the work, and free the slot. */
        void terminated() {
            while (true) {
                int current = state.get();
                if (current == DONE || current == CANCELLED) {
                    return;
                }
                if (state.compareAndSet(current, CANCELLED)) {
                    if (current == WAITING) {
                        queued.decrementAndGet();
                        waiters.remove(this);
                    } else if (current == RUNNING) {
                        Cancellable job = running;
                        if (job != null) {
                            job.cancel();
                        }
                        release();
                    }
                    return;
                }
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
