package io.connectors.mcp.egress;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.util.List;

/**
 * The operating system's resolver ({@code /etc/hosts}, then DNS). The JDK lookup blocks, so it runs on the worker
 * pool, never on an event loop.
 */
@Singleton
public class SystemHostResolver implements HostResolver {

    @Override
    public Uni<List<InetAddress>> resolve(String host) {
        return Uni.createFrom().item(() -> {
            try {
                return List.of(InetAddress.getAllByName(host));
            } catch (java.net.UnknownHostException e) {
                throw new EgressRefusedException(EgressRefusedException.Reason.UNRESOLVED, host);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
