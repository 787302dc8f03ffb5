package io.connectors.mcp;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Only the MCP part (and the gateway, when it lands) may use the MCP Java SDK: its protocol types stay behind the
 * tester's own API, so an SDK upgrade touches one part. Checked on the sources (an import, even an unused one that
 * the compiler drops) and on the compiled classes, whose constant pools name every class they use (a fully qualified
 * name, an inherited signature).
 */
class SdkBoundaryTest {

    private static final byte[] SDK = "io/modelcontextprotocol/".getBytes(StandardCharsets.US_ASCII);
    private static final List<String> MAY_USE_THE_SDK = List.of("io/connectors/mcp/", "io/connectors/gateway/");

    @Test
    void noMainClassOutsideMcpUsesTheSdk() throws Exception {
        Path classes = Path.of(McpClients.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertTrue(Files.isRegularFile(classes.resolve("io/connectors/mcp/McpClients.class")),
                "expected the main classes under " + classes);
        List<String> offenders;
        try (Stream<Path> files = Files.walk(classes)) {
            offenders = files.filter(file -> file.toString().endsWith(".class"))
                    .filter(file -> {
                        String name = classes.relativize(file).toString().replace('\\', '/');
                        return name.startsWith("io/connectors/")
                                && MAY_USE_THE_SDK.stream().noneMatch(name::startsWith);
                    })
                    .filter(SdkBoundaryTest::usesTheSdk)
                    .map(file -> classes.relativize(file).toString())
                    .sorted()
                    .toList();
        }
        assertEquals(List.of(), offenders, "only io.connectors.mcp (and io.connectors.gateway) may use the MCP SDK");
    }

    @Test
    void noMainSourceOutsideMcpMentionsTheSdk() throws IOException {
        Path sources = Path.of("src/main/java");
        assertTrue(Files.isDirectory(sources.resolve("io/connectors/mcp")), "run from the project directory");
        List<String> offenders;
        try (Stream<Path> files = Files.walk(sources)) {
            offenders = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> {
                        String name = sources.relativize(file).toString().replace('\\', '/');
                        return MAY_USE_THE_SDK.stream().noneMatch(name::startsWith);
                    })
                    .filter(file -> {
                        try {
                            return Files.readString(file).contains("io.modelcontextprotocol");
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .map(file -> sources.relativize(file).toString())
                    .sorted()
                    .toList();
        }
        assertEquals(List.of(), offenders, "only io.connectors.mcp (and io.connectors.gateway) may use the MCP SDK");
    }

    private static boolean usesTheSdk(Path classFile) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(classFile);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        outer:
        for (int i = 0; i + SDK.length <= bytes.length; i++) {
            for (int j = 0; j < SDK.length; j++) {
                if (bytes[i + j] != SDK[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
