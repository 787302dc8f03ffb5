package io.connectors.egress;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The operating system's resolver ({@code /etc/hosts}, then DNS). The JDK lookup blocks and can't be interrupted, so
 * it runs on the worker pool, never on an event loop, and the guard gives up waiting at the connect deadline. A hung
 * lookup still holds its thread until the OS resolver gives up; so at most {@code connectors.egress.max-lookups} run
 * at once, and a lookup beyond that fails at once as unresolved (which reads like any refusal) instead of taking
 * another thread. No thread pile-up, and no queue of lookups that would outlive their deadline.
 */
@Singleton
public class SystemHostResolver implements HostResolver {

    /** A blocking lookup of every address of a name. */
    @FunctionalInterface
    public interface Lookup {
        InetAddress[] lookup(String host) throws UnknownHostException;
    }

    private final Lookup lookup;
    private final int maxLookups;
    private final Executor executor;
    private final AtomicInteger inFlight = new AtomicInteger();

    @Inject
    public SystemHostResolver(EgressConfig config) {
        this(InetAddress::getAllByName, config.maxLookups());
    }

    /** The JDK lookup, at most 16 at once (benchmarks and tests without Quarkus). */
    public SystemHostResolver() {
        this(InetAddress::getAllByName, 16);
    }

    /** For tests: another blocking lookup, at most {@code maxLookups} at once. */
    public SystemHostResolver(Lookup lookup, int maxLookups) {
        this.lookup = lookup;
        this.maxLookups = Math.max(1, maxLookups);
        this.executor = Infrastructure.getDefaultWorkerPool();
    }

    /** Lookups whose thread has not returned yet (hung ones included). */
    public int lookupsInFlight() {
        return inFlight.get();
    }

    @Override
    public Uni<List<InetAddress>> resolve(String host) {
        return Uni.createFrom().emitter(emitter -> {
            if (inFlight.incrementAndGet() > maxLookups) {
                inFlight.decrementAndGet();
                emitter.fail(new EgressRefusedException(EgressRefusedException.Reason.UNRESOLVED, host));
                return;
            }
            try {
                // Runs to the end even if the caller stopped waiting: the slot is given back when the thread is.
                executor.execute(() -> {
                    List<InetAddress> addresses;
                    try {
                        addresses = List.of(lookup.lookup(host));
                    } catch (UnknownHostException | RuntimeException e) {
                        inFlight.decrementAndGet();
                        emitter.fail(new EgressRefusedException(EgressRefusedException.Reason.UNRESOLVED, host));
                        return;
                    }
                    inFlight.decrementAndGet();
                    emitter.complete(addresses);
                });
            } catch (RejectedExecutionException e) {
                inFlight.decrementAndGet();
                emitter.fail(new EgressRefusedException(EgressRefusedException.Reason.UNRESOLVED, host));
            }
        });
    }
}
