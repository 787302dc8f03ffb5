package io.connectors.mcp.client;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.UniEmitter;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A non-blocking semaphore: {@link #withPermit(Supplier)} runs a piece of work when a slot is free, waiting in a
 * bounded queue otherwise. No thread ever waits for a slot; a short lock guards the counters and each call's state.
 *
 * <p>Why hand-written: the per-organization limit needs one semaphore per organization, created and dropped at run
 * time, which annotation-driven bulkheads don't offer. Why a lock: two lock-free versions lost a waiter or a slot
 * when a cancellation raced the hand-over of a slot ({@code AsyncPermitsStressTest}); here every transition of a call
 * (waiting, granted, starting, running, ended) happens under one monitor, so exactly one of completion, failure and
 * cancellation gives the slot back, and a freed slot goes to the next waiter before anyone else can take it.
 */
public final class AsyncPermits {

    private final int permits;
    private final int maxQueued;
    private final Object lock = new Object();
    /** Slots held by calls that are granted, starting or running. Guarded by {@link #lock}. */
    private int inUse;
    /** Calls waiting for a slot, oldest first. Guarded by {@link #lock}. */
    private final ArrayDeque<Call<?>> waiters = new ArrayDeque<>();
    /** Calls handed a slot by a release, to start outside the lock. */
    private final ConcurrentLinkedQueue<Call<?>> granted = new ConcurrentLinkedQueue<>();
    private final AtomicInteger starting = new AtomicInteger();

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
            call.enter();
        });
    }

    /** Slots taken now. */
    public int inUse() {
        synchronized (lock) {
            return inUse;
        }
    }

    /** Calls waiting for a slot now. */
    public int queued() {
        synchronized (lock) {
            return waiters.size();
        }
    }

    /** Hands a freed slot to the oldest waiter, or back to the pool when nobody waits. */
    private void release() {
        Call<?> next;
        synchronized (lock) {
            next = waiters.poll();
            if (next == null) {
                inUse--;
                return;
            }
            next.state = State.GRANTED;
        }
        granted.add(next);
        startGranted();
    }

    /**
     * Starts the calls that releases granted a slot, on one thread at a time: work that ends at once releases inside
     * its own start, which would otherwise recurse once per waiter.
     */
    private void startGranted() {
        if (starting.getAndIncrement() != 0) {
            return;
        }
        do {
            Call<?> call;
            while ((call = granted.poll()) != null) {
                call.start();
            }
        } while (starting.decrementAndGet() != 0);
    }

    private enum State {
        /** Subscribed, not yet queued or granted. */
        NEW,
        /** In {@link #waiters}. */
        WAITING,
        /** Holds a slot; its work is about to start. */
        GRANTED,
        /** Holds a slot; its work is being subscribed to. */
        STARTING,
        /** Holds a slot; its work runs. */
        RUNNING,
        /** Holds no slot any more (or never did); nothing more happens. */
        ENDED
    }

    private final class Call<T> {
        private final UniEmitter<? super T> emitter;
        private final Supplier<Uni<T>> work;
        // All three guarded by lock.
        private State state = State.NEW;
        private boolean cancelRequested;
        private Cancellable job;

        Call(UniEmitter<? super T> emitter, Supplier<Uni<T>> work) {
            this.emitter = emitter;
            this.work = work;
        }

        /** Takes a free slot, or queues, or fails as busy. */
        void enter() {
            boolean runNow = false;
            boolean busy = false;
            synchronized (lock) {
                if (state != State.NEW) {
                    return; // cancelled while subscribing
                }
                if (inUse < permits) {
                    inUse++;
                    state = State.GRANTED;
                    runNow = true;
                } else if (waiters.size() >= maxQueued) {
                    state = State.ENDED;
                    busy = true;
                } else {
                    state = State.WAITING;
                    waiters.add(this);
                }
            }
            if (busy) {
                emitter.fail(new BusyException());
            } else if (runNow) {
                start();
            }
        }

        /** Runs the work holding the slot granted to this call. */
        void start() {
            boolean cancelled;
            synchronized (lock) {
                if (state != State.GRANTED) {
                    return;
                }
                cancelled = cancelRequested;
                state = cancelled ? State.ENDED : State.STARTING;
            }
            if (cancelled) {
                release();
                return;
            }
            Uni<T> uni;
            try {
                uni = work.get();
            } catch (RuntimeException e) {
                end(() -> emitter.fail(e));
                return;
            }
            Cancellable subscription = uni.subscribe().with(item -> end(() -> emitter.complete(item)),
                    failure -> end(() -> emitter.fail(failure)));
            boolean cancelNow = false;
            synchronized (lock) {
                job = subscription;
                if (state == State.STARTING) {
                    cancelNow = cancelRequested;
                    state = cancelNow ? State.ENDED : State.RUNNING;
                }
            }
            if (cancelNow) {
                subscription.cancel();
                release();
            }
        }

        /** The work's outcome: give the slot back, then tell the caller (once; a cancelled caller hears nothing). */
        private void end(Runnable emit) {
            boolean mine;
            synchronized (lock) {
                mine = state == State.STARTING || state == State.RUNNING;
                if (mine) {
                    state = State.ENDED;
                }
            }
            if (mine) {
                release();
                emit.run();
            }
        }

        /** The caller's side ended: after our own emission nothing is left; after a cancellation, clean up. */
        void terminated() {
            Cancellable toCancel = null;
            boolean releaseNow = false;
            synchronized (lock) {
                switch (state) {
                    case NEW -> state = State.ENDED;
                    case WAITING -> {
                        waiters.remove(this);
                        state = State.ENDED;
                    }
                    // start() sees the request and gives the slot back.
                    case GRANTED, STARTING -> cancelRequested = true;
                    case RUNNING -> {
                        state = State.ENDED;
                        toCancel = job;
                        releaseNow = true;
                    }
                    case ENDED -> {
                    }
                }
            }
            if (toCancel != null) {
                toCancel.cancel();
            }
            if (releaseNow) {
                release();
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
