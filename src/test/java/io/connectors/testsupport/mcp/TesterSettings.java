package io.connectors.testsupport.mcp;

import io.connectors.mcp.TesterConfig;

import java.time.Duration;

/** A {@link TesterConfig} for tests and benchmarks that build the tester's parts without Quarkus. */
public final class TesterSettings implements TesterConfig {

    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration totalTimeout = Duration.ofSeconds(4);
    private int maxConcurrent = 64;
    private int maxQueued = 1000;
    private int maxResponseBytes = 1 << 20;
    private long maxConnectionBytes = 16L << 20;
    private int maxPages = 50;
    private int maxTools = 2000;

    public static TesterSettings defaults() {
        return new TesterSettings();
    }

    public TesterSettings connectTimeout(Duration value) {
        connectTimeout = value;
        return this;
    }

    public TesterSettings totalTimeout(Duration value) {
        totalTimeout = value;
        return this;
    }

    public TesterSettings maxConcurrent(int value) {
        maxConcurrent = value;
        return this;
    }

    public TesterSettings maxQueued(int value) {
        maxQueued = value;
        return this;
    }

    public TesterSettings maxResponseBytes(int value) {
        maxResponseBytes = value;
        return this;
    }

    public TesterSettings maxPages(int value) {
        maxPages = value;
        return this;
    }

    public TesterSettings maxTools(int value) {
        maxTools = value;
        return this;
    }

    @Override
    public Duration connectTimeout() {
        return connectTimeout;
    }

    @Override
    public Duration totalTimeout() {
        return totalTimeout;
    }

    @Override
    public int maxConcurrent() {
        return maxConcurrent;
    }

    @Override
    public int maxQueued() {
        return maxQueued;
    }

    @Override
    public int maxResponseBytes() {
        return maxResponseBytes;
    }

    @Override
    public long maxConnectionBytes() {
        return maxConnectionBytes;
    }

    @Override
    public int maxPages() {
        return maxPages;
    }

    @Override
    public int maxTools() {
        return maxTools;
    }

    @Override
    public int maxLookups() {
        return 16;
    }

    @Override
    public String clientName() {
        return "connectors";
    }

    @Override
    public String clientVersion() {
        return "1.0.0-test";
    }
}
