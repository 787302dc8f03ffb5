package io.connectors.egress;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Egress has its own keys; the ones that used to be the tester's still work under their old names. */
class EgressConfigTest {

    private static EgressConfig load(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                // Quarkus reads "5s"; plain SmallRye needs its converter.
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(EgressConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        return config.getConfigMapping(EgressConfig.class);
    }

    @Test
    void defaultsAreTheFormerTesterDefaults() {
        EgressConfig config = load(Map.of());
        assertEquals(Duration.ofSeconds(5), config.connectTimeout());
        assertEquals(16L << 20, config.maxConnectionBytes());
        assertEquals(16, config.maxLookups());
        assertEquals(64, config.maxConnections());
        assertEquals(1000, config.maxWaiting());
        assertEquals(Duration.ofSeconds(30), config.idleTimeout());
        assertEquals(java.util.Optional.empty(), config.allow());
    }

    @Test
    void theFormerTesterKeysStillApply() {
        EgressConfig config = load(Map.of(
                "connectors.tester.connect-timeout", "2s",
                "connectors.tester.max-connection-bytes", "1000",
                "connectors.tester.max-lookups", "3",
                "connectors.tester.max-concurrent", "7",
                "connectors.tester.max-queued", "9"));
        assertEquals(Duration.ofSeconds(2), config.connectTimeout());
        assertEquals(1000, config.maxConnectionBytes());
        assertEquals(3, config.maxLookups());
        assertEquals(7, config.maxConnections());
        assertEquals(9, config.maxWaiting());
    }

    @Test
    void theEgressKeysWinOverTheFormerOnes() {
        EgressConfig config = load(Map.of(
                "connectors.tester.connect-timeout", "2s",
                "connectors.egress.connect-timeout", "1s",
                "connectors.tester.max-lookups", "3",
                "connectors.egress.max-lookups", "4",
                "connectors.egress.max-connection-bytes", "2000"));
        assertEquals(Duration.ofSeconds(1), config.connectTimeout());
        assertEquals(4, config.maxLookups());
        assertEquals(2000, config.maxConnectionBytes());
    }
}
