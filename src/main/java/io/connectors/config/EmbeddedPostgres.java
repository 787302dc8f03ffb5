package io.connectors.config;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Starts one embedded PostgreSQL per JVM for dev mode and tests, from binaries that Maven fetched.
 *
 * <p>Dev mode keeps its data under {@code target/dev-postgres} so it survives restarts; tests get a fresh directory.
 * The JVM-wide marker is a system property because live reload rebuilds configuration in new class loaders, where a
 * static field would be empty again.
 */
final class EmbeddedPostgres {

    private static final Logger LOG = Logger.getLogger(EmbeddedPostgres.class);
    private static final String MARKER = "embedded-postgres.local-defaults.port";
    static final String USER = "postgres";
    static final String DATABASE = "postgres";

    private EmbeddedPostgres() {
    }

    static synchronized Map<String, String> startOnce(boolean test) {
        String port = System.getProperty(MARKER);
        if (port == null) {
            port = Integer.toString(start(test));
            System.setProperty(MARKER, port);
        }
        return datasourceProperties(Integer.parseInt(port));
    }

    static Map<String, String> datasourceProperties(int port) {
        String hostAndDb = "//127.0.0.1:" + port + "/" + DATABASE;
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql:" + hostAndDb,
                "quarkus.datasource.username", USER,
                "quarkus.datasource.password", USER);
    }

    private static int start(boolean test) {
        try {
            Path dataDir = test
                    ? Files.createTempDirectory("connectors-test-postgres")
                    : Path.of("target", "dev-postgres").toAbsolutePath();
            if (!test) {
                stopOrphanedPostmaster(dataDir);
            }
            io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres = io.zonky.test.db.postgres.embedded.EmbeddedPostgres
                    .builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(test)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("unix_socket_directories", "")
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", test ? "off" : "on")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException e) {
                    // the JVM is going away; nothing left to tell
                }
            }, "embedded-postgres-stop"));
            LOG.infof("Embedded PostgreSQL listening on 127.0.0.1:%d (data in %s)", postgres.getPort(), dataDir);
            return postgres.getPort();
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the embedded PostgreSQL: " + e.getMessage()
                    + ". Set quarkus.datasource.reactive.url to use another PostgreSQL.", e);
        }
    }

    /** A dev JVM that was killed leaves its postmaster running on the data directory; stop it before reuse. */
    private static void stopOrphanedPostmaster(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        String firstLine = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
        try {
            long pid = Long.parseLong(firstLine);
            ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(process -> {
                LOG.infof("Stopping PostgreSQL (pid %d) left running by an earlier dev session", pid);
                process.destroy();
                process.onExit().orTimeout(20, java.util.concurrent.TimeUnit.SECONDS).join();
            });
        } catch (NumberFormatException | java.util.concurrent.CompletionException e) {
            LOG.warnf("Could not stop the PostgreSQL named in %s: %s", pidFile, e.getMessage());
        }
        Files.deleteIfExists(pidFile);
    }
}
