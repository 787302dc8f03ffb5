package io.connectors.egress;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Blocking lookups run on a bounded number of threads; lookups beyond it fail at once. Nothing leaves the host. */
class SystemHostResolverTest {

    @Test
    void hangingLookupsHoldAtMostTheirThreadsAndFurtherOnesFailAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        SystemHostResolver resolver = new SystemHostResolver(host -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
            }
            return new InetAddress[] {InetAddress.getLoopbackAddress()};
        }, 2);
        EgressGuard guard = new EgressGuard(List.of("127.0.0.0/8"), resolver, Duration.ofMillis(200));
        // Two lookups hang: the guard's deadline fails them in time; their threads stay until the lookup returns.
        for (int i = 0; i < 2; i++) {
            long start = System.nanoTime();
            EgressRefusedException e = assertThrows(EgressRefusedException.class,
                    () -> guard.resolveAllowed("hang.test").await().atMost(Duration.ofSeconds(5)));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(EgressRefusedException.Reason.UNRESOLVED, e.reason());
            assertTrue(millis >= 150 && millis < 1500, "took " + millis + " ms");
        }
        assertEquals(2, resolver.lookupsInFlight());
        // A third finds no free lookup slot and fails at once instead of starting a third thread.
        long start = System.nanoTime();
        EgressRefusedException busy = assertThrows(EgressRefusedException.class,
                () -> guard.resolveAllowed("third.test").await().atMost(Duration.ofSeconds(5)));
        assertTrue((System.nanoTime() - start) / 1_000_000 < 500);
        assertEquals(EgressRefusedException.Reason.UNRESOLVED, busy.reason());
        assertEquals(2, mostAtOnce.get());

        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (resolver.lookupsInFlight() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, resolver.lookupsInFlight());
        assertEquals(List.of(InetAddress.getLoopbackAddress()),
                resolver.resolve("again.test").await().atMost(Duration.ofSeconds(5)));
    }

    @Test
    void unknownNameIsUnresolved() {
        SystemHostResolver resolver = new SystemHostResolver(host -> {
            throw new java.net.UnknownHostException(host);
        }, 2);
        EgressRefusedException e = assertThrows(EgressRefusedException.class,
                () -> resolver.resolve("nowhere.test").await().atMost(Duration.ofSeconds(5)));
        assertEquals(EgressRefusedException.Reason.UNRESOLVED, e.reason());
        assertEquals(0, resolver.lookupsInFlight());
    }
}
