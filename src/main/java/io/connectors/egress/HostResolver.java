package io.connectors.egress;

import io.smallrye.mutiny.Uni;

import java.net.InetAddress;
import java.util.List;

/**
 * Looks up every address of a host name. The egress guard checks all of them; tests replace the resolver to map a
 * name to a private address without any traffic.
 */
@FunctionalInterface
public interface HostResolver {

    /** All addresses of {@code host} (a name, never an address literal); fails when the name does not resolve. */
    Uni<List<InetAddress>> resolve(String host);
}
