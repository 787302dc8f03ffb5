package io.connectors.it;

import io.connectors.config.LocalSigningKey;
import io.connectors.testsupport.PackagedAppEnvironment;
import io.connectors.testsupport.StoppablePostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The packaged application, in the prod profile, refuses to start without a secrets key, and says which setting is
 * missing and how to make one: it must never come up writing secrets under a key nobody chose. Everything else it
 * needs is there (a reachable PostgreSQL, the token key), so only the key can be the reason. The jar is started as
 * an operator would, with {@code CONNECTORS_SECRETS_KEY} absent from its environment; {@code @QuarkusIntegrationTest}
 * cannot express a start that is meant to fail.
 */
class StartWithoutSecretsKeyIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final Path NATIVE = Path.of(System.getProperty("native.image.path", "target/none"));

    private StoppablePostgres postgres;
    private Process process;

    @BeforeEach
    void startDatabase() {
        postgres = new StoppablePostgres();
        postgres.start();
    }

    @AfterEach
    void stopEverything() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
        postgres.stop();
    }

    @Test
    void prodStartWithoutSecretsKeyFailsAndNamesTheSetting() throws Exception {
        Map<String, String> properties = new HashMap<>(postgres.datasourceProperties());
        properties.put("quarkus.oidc.public-key", PackagedAppEnvironment.publicKey());
        properties.put("quarkus.oidc.token.issuer", LocalSigningKey.ISSUER);
        properties.put("quarkus.http.host", "127.0.0.1");
        properties.put("quarkus.http.port", "0");

        List<String> command = new ArrayList<>();
        if (Files.isRegularFile(JAR)) {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
            command.add("-jar");
            command.add(JAR.toString());
        } else if (Files.isExecutable(NATIVE)) {
            command.add(NATIVE.toString());
            properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        } else {
            fail("No packaged application: run the package phase first (" + JAR + " or " + NATIVE + ")");
        }
        Path log = Files.createTempFile("connectors-no-key", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("CONNECTORS_SECRETS")
                || name.startsWith("QUARKUS_PROFILE"));
        process = builder.start();

        boolean exited = process.waitFor(180, TimeUnit.SECONDS);
        String output = read(log);
        assertTrue(exited, "the application kept running without a secrets key:\n" + output);
        assertTrue(process.exitValue() != 0, "exit code 0 without a secrets key:\n" + output);
        assertThat(output, containsString("connectors.secrets.key is not set. Set CONNECTORS_SECRETS_KEY to the "
                + "base64 of 32 random bytes (for example: openssl rand -base64 32)"));
        assertThat(output, not(containsString("Listening on")));
        Files.deleteIfExists(log);
    }

    private static String read(Path log) throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }
}
