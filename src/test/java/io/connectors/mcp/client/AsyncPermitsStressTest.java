package io.connectors.mcp.client;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The non-blocking semaphore under contention: thousands of acquisitions from several threads, with deadlines and
 * cancellations racing the hand-over of a slot. Afterwards every slot is free, nobody waits, every caller heard back
 * (or cancelled), and never more than the limit ran at once.
 */
class AsyncPermitsStressTest {

    private static final int PERMITS = 4;
    private static final int CALLS = 20_000;

    @Test
    void noSlotLeaksAndNoWaiterIsLostUnderRandomCancellations() throws Exception {
        AsyncPermits permits = new AsyncPermits(PERMITS, 2_000);
        // Mutiny sets up its infrastructure (and the interceptors it finds on the class path) on first use; in a cold
        // JVM, subscriptions made from several threads during that set-up can be lost before they reach any operator
        // (reproduced without this class). A running service has done that at start; warm it here the same way.
        assertEquals("warm", permits.withPermit(() -> Uni.createFrom().item("warm")).await()
                .atMost(Duration.ofSeconds(5)));
        ScheduledExecutorService pool = Executors.newScheduledThreadPool(8);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        AtomicInteger items = new AtomicInteger();
        AtomicInteger busy = new AtomicInteger();
        AtomicInteger deadlines = new AtomicInteger();
        AtomicInteger cancelled = new AtomicInteger();
        CountDownLatch heardBack = new CountDownLatch(CALLS);
        try {
            for (int i = 0; i < CALLS; i++) {
                pool.execute(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    Supplier<Uni<String>> work = () -> {
                        mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                        // Work that ends later is completed by a task of our own, not by Mutiny's delay operator:
                        // a delayed item lost in the operator would read here as a waiter lost by the semaphore.
                        long delay = random.nextLong(2_000_000);
                        Uni<String> job = random.nextBoolean() ? Uni.createFrom().item("ok")
                                : Uni.createFrom().emitter(emitter -> pool.schedule(() -> emitter.complete("ok"),
                                        delay, TimeUnit.NANOSECONDS));
                        return job.onTermination().invoke(running::decrementAndGet);
                    };
                    AtomicBoolean finished = new AtomicBoolean();
                    // Deadlines are cancellations too (ifNoItem cancels upstream); they are scheduled by hand here
                    // because Mutiny's own timer can lose its signal when it fires within microseconds of subscribing.
                    Cancellable subscription = permits.withPermit(work)
                            .subscribe().with(item -> {
                                if (finished.compareAndSet(false, true)) {
                                    items.incrementAndGet();
                                    heardBack.countDown();
                                }
                            }, failure -> {
                                if (finished.compareAndSet(false, true)) {
                                    (failure instanceof AsyncPermits.BusyException ? busy : deadlines)
                                            .incrementAndGet();
                                    heardBack.countDown();
                                }
                            });
                    if (random.nextInt(3) == 0) {
                        pool.schedule(() -> {
                            if (finished.compareAndSet(false, true)) {
                                subscription.cancel();
                                cancelled.incrementAndGet();
                                heardBack.countDown();
                            }
                        }, random.nextLong(2_000_000), TimeUnit.NANOSECONDS);
                    }
                });
            }
            assertTrue(heardBack.await(60, TimeUnit.SECONDS), "every caller heard back: "
                    + heardBack.getCount() + " did not");
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while ((permits.inUse() > 0 || running.get() > 0) && System.nanoTime() < until) {
                Thread.sleep(5);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, permits.inUse(), "slots still taken");
        assertEquals(0, permits.queued(), "waiters still queued");
        assertEquals(0, running.get());
        assertTrue(mostAtOnce.get() <= PERMITS, "ran at once: " + mostAtOnce.get());
        assertEquals(CALLS, items.get() + busy.get() + deadlines.get() + cancelled.get());
        assertEquals(0, deadlines.get(), "no failure but busy");
        assertTrue(items.get() > 0 && cancelled.get() > 0,
                items + " items, " + deadlines + " deadlines, " + cancelled + " cancelled, " + busy + " busy");
        // After the storm the semaphore still works at full width.
        for (int i = 0; i < PERMITS * 3; i++) {
            assertEquals("ok", permits.withPermit(() -> Uni.createFrom().item("ok")).await()
                    .atMost(Duration.ofSeconds(5)));
        }
    }
}
