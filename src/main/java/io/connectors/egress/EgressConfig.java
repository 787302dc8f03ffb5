package io.connectors.egress;

import io.smallrye.config.ConfigMapping;

import java.util.List;
import java.util.Optional;

/** What the egress guard lets through besides public addresses, under {@code connectors.egress.*}. */
@ConfigMapping(prefix = "connectors.egress")
public interface EgressConfig {

    /**
     * Host names or CIDR ranges (IPv4 or IPv6, a bare address is a single host) that are allowed even though they
     * fall in a blocked range. Empty in production; dev mode and tests allow loopback ({@code 127.0.0.0/8,::1}).
     */
    Optional<List<String>> allow();
}
