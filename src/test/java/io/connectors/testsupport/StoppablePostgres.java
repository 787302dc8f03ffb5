package io.connectors.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A PostgreSQL of its own on a fixed loopback port that a test can stop and start again, keeping its data: for
 * tests of how the service behaves while its database is down and after it comes back.
 */
public final class StoppablePostgres {

    private final int port;
    private final Path dataDirectory;
    private EmbeddedPostgres running;

    public StoppablePostgres() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            this.port = socket.getLocalPort();
            this.dataDirectory = Files.createTempDirectory("connectors-outage-postgres");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public synchronized boolean isRunning() {
        return running != null;
    }

    /** Starts PostgreSQL on {@link #port()}; the first start creates the cluster, later ones reuse its data. */
    public synchronized void start() {
        if (running != null) {
            return;
        }
        try {
            running = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("unix_socket_directories", "")
                    .setServerConfig("fsync", "off")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start PostgreSQL on port " + port, e);
        }
    }

    /** Stops PostgreSQL (fast shutdown: open connections are cut, as in a real outage). */
    public synchronized void stop() {
        if (running == null) {
            return;
        }
        try {
            running.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            running = null;
        }
    }

    /** The datasource settings pointing at this server, whether it runs or not. */
    public Map<String, String> datasourceProperties() {
        String hostAndDb = "//127.0.0.1:" + port + "/postgres";
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql:" + hostAndDb,
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }
}
