package io.connectors.egress;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every outbound call goes through egress: no main source outside {@code io.connectors.egress} builds its own HTTP or
 * TCP client (one built elsewhere would dial without the guard and the pinning proxy).
 */
class EgressBoundaryTest {

    private static final List<String> CLIENT_FACTORIES = List.of("HttpClient.newBuilder", "HttpClient.newHttpClient",
            "createHttpClient", "createNetClient", "WebClient", "new Socket(", "SocketChannel.open", "URL.openConnection",
            ".openConnection(");

    @Test
    void onlyEgressBuildsClients() throws IOException {
        Path sources = Path.of("src/main/java");
        assertTrue(Files.isDirectory(sources.resolve("io/connectors/egress")), "run from the project directory");
        List<String> offenders;
        try (Stream<Path> files = Files.walk(sources)) {
            offenders = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> !sources.relativize(file).toString().replace('\\', '/')
                            .startsWith("io/connectors/egress/"))
                    .flatMap(file -> {
                        String text;
                        try {
                            text = Files.readString(file);
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                        return CLIENT_FACTORIES.stream().filter(text::contains)
                                .map(factory -> sources.relativize(file) + ": " + factory);
                    })
                    .sorted()
                    .toList();
        }
        assertEquals(List.of(), offenders, "outbound clients are built in io.connectors.egress only");
    }
}
