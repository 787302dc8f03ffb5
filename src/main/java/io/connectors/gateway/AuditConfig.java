package io.connectors.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The gateway's audit records, under {@code connectors.audit.*}. */
@ConfigMapping(prefix = "connectors.audit")
public interface AuditConfig {

    /** How long a tool call's record is kept; older ones are deleted in the background. */
    @WithDefault("30d")
    Duration retention();

    /** How often the background pruning runs. */
    @WithDefault("1h")
    Duration pruneInterval();
}
