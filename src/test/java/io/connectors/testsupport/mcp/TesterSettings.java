package io.connectors.testsupport.mcp;

import io.connectors.egress.EgressConfig;
import io.connectors.mcp.TesterConfig;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A {@link TesterConfig} and {@link EgressConfig} for tests and benchmarks that build the tester's parts without
 * Quarkus (the allow list is given to the guard directly).
 */
public final class TesterSettings implements TesterConfig, EgressConfig {

    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration totalTimeout = Duration.ofSeconds(4);
    private int maxConcurrent = 64;
    private int maxQueued = 1000;
    private int maxResponseBytes = 1 << 20;
    private long maxConnectionBytes = 16L << 20;
    private int maxPages = 50;
    private int maxTools = 2000;
    private int maxConcurrentPerOrganization = 16;
    private long maxToolsetBytes = 8L << 20;
    private long maxRequestBytes = 64L << 20;
    private int maxToolsets = 100;
    private int maxToolNameLength = 128;
    private int maxDescriptionLength = 1024;

    public static TesterSettings defaults() {
        return new TesterSettings();
    }

    private Duration idleTimeout = Duration.ofSeconds(30);

    public TesterSettings idleTimeout(Duration value) {
        idleTimeout = value;
        return this;
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

    public TesterSettings maxConcurrentPerOrganization(int value) {
        maxConcurrentPerOrganization = value;
        return this;
    }

    public TesterSettings maxToolsetBytes(long value) {
        maxToolsetBytes = value;
        return this;
    }

    public TesterSettings maxRequestBytes(long value) {
        maxRequestBytes = value;
        return this;
    }

    public TesterSettings maxToolsets(int value) {
        maxToolsets = value;
        return this;
    }

    public TesterSettings maxToolNameLength(int value) {
        maxToolNameLength = value;
        return this;
    }

    public TesterSettings maxDescriptionLength(int value) {
        maxDescriptionLength = value;
        return this;
    }

    public TesterSettings maxConnectionBytes(long value) {
        maxConnectionBytes = value;
        return this;
    }

    @Override
    public int maxConcurrentPerOrganization() {
        return maxConcurrentPerOrganization;
    }

    @Override
    public long maxToolsetBytes() {
        return maxToolsetBytes;
    }

    @Override
    public long maxRequestBytes() {
        return maxRequestBytes;
    }

    @Override
    public int maxToolsets() {
        return maxToolsets;
    }

    @Override
    public int maxToolNameLength() {
        return maxToolNameLength;
    }

    @Override
    public int maxDescriptionLength() {
        return maxDescriptionLength;
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
    public Optional<List<String>> allow() {
        return Optional.empty();
    }

    @Override
    public int maxConnections() {
        return maxConcurrent;
    }

    @Override
    public int maxWaiting() {
        return maxQueued;
    }

    @Override
    public int maxStreams() {
        return 2048;
    }

    @Override
    public Duration idleTimeout() {
        return idleTimeout;
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
