package io.connectors.testsupport.mcp;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/** Short gateway deadlines for tests, so a silent upstream fails a call in seconds. */
public class GatewaySettings implements QuarkusTestResourceLifecycleManager {

    public static final int PAGE_SIZE = 100;

    @Override
    public Map<String, String> start() {
        return Map.of(
                "connectors.gateway.connect-timeout", "2s",
                "connectors.gateway.call-timeout", "3s",
                "connectors.gateway.max-result-bytes", "65536",
                "connectors.gateway.page-size", String.valueOf(PAGE_SIZE));
    }

    @Override
    public void stop() {
    }
}
