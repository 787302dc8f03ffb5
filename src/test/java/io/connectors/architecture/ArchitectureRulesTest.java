package io.connectors.architecture;

import io.connectors.security.Caller;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The walls of docs/architecture.md, checked on the main code. Each rule reads both the sources (an import the
 * compiler drops, an unused one, still counts) and, where a reference can hide in a fully qualified name, an
 * annotation or a signature, the compiled classes' constant pools.
 */
class ArchitectureRulesTest {

    private static final String FEATURES = "(connector|assignment|variable|oauth|mcp|action|gateway|ui)";
    private static final Pattern FEATURE_IMPORT = Pattern.compile(
            "^import\\s+(static\\s+)?io\\.connectors\\." + FEATURES + "\\.[\\w.*]*", Pattern.MULTILINE);
    private static final Pattern FEATURE_CLASS = Pattern.compile("io/connectors/" + FEATURES + "/[\\w/$]*");
    private static final List<String> MAY_USE_THE_SDK = List.of("io/connectors/mcp/", "io/connectors/gateway/");
    private static final List<String> CLIENT_FACTORIES = List.of("HttpClient.newBuilder", "HttpClient.newHttpClient",
            "createHttpClient", "createNetClient", "WebClient", "new Socket(", "SocketChannel.open",
            "URL.openConnection", ".openConnection(");

    /** {@code security/} (callers and membership) and {@code error/} (problem responses) sit under every feature. */
    @Test
    void securityAndErrorReferToNoFeature() {
        Predicate<String> guarded = path -> path.startsWith("io/connectors/security/")
                || path.startsWith("io/connectors/error/");
        TreeSet<String> found = new TreeSet<>();
        sources(guarded).forEach((path, text) -> matches(FEATURE_IMPORT, text)
                .forEach(m -> found.add(path + " -> " + m)));
        classConstants(guarded).forEach((path, constants) -> constants.forEach(
                constant -> matches(FEATURE_CLASS, constant).forEach(m -> found.add(path + " -> " + m))));
        assertEquals(new TreeSet<String>(), found);
    }

    /** Only the MCP part (and the gateway) use the MCP Java SDK, so an SDK upgrade touches one part. */
    @Test
    void onlyMcpUsesTheSdk() {
        Predicate<String> outside = path -> MAY_USE_THE_SDK.stream().noneMatch(path::startsWith);
        TreeSet<String> found = new TreeSet<>();
        sources(outside).forEach((path, text) -> {
            if (text.contains("io.modelcontextprotocol")) {
                found.add(path);
            }
        });
        classConstants(outside).forEach((path, constants) -> {
            if (constants.stream().anyMatch(c -> c.contains("io/modelcontextprotocol/"))) {
                found.add(path);
            }
        });
        assertEquals(new TreeSet<String>(), found,
                "only io.connectors.mcp (and io.connectors.gateway) may use the SDK");
    }

    /** A client built outside egress would dial without the guard and the pinning proxy. */
    @Test
    void onlyEgressBuildsOutboundClients() {
        TreeSet<String> found = new TreeSet<>();
        sources(path -> !path.startsWith("io/connectors/egress/")).forEach((path, text) -> CLIENT_FACTORIES.stream()
                .filter(text::contains).forEach(factory -> found.add(path + ": " + factory)));
        assertEquals(new TreeSet<String>(), found, "outbound clients are built in io.connectors.egress only");
    }

    private static List<String> matches(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group());
        }
        return found;
    }

    /** Main sources whose path (relative to the source root, {@code /}-separated) passes {@code filter}. */
    private static TreeMap<String, String> sources(Predicate<String> filter) {
        Path root = Path.of("src/main/java");
        TreeMap<String, String> texts = new TreeMap<>();
        walk(root, ".java").forEach(file -> {
            String path = relative(root, file);
            if (filter.test(path)) {
                try {
                    texts.put(path, Files.readString(file));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        assertFalse(texts.isEmpty(), "no main sources under " + root.toAbsolutePath() + " pass the filter");
        return texts;
    }

    /** The constant-pool strings of each main class whose path passes {@code filter}. */
    private static TreeMap<String, List<String>> classConstants(Predicate<String> filter) {
        Path root;
        try {
            root = Path.of(Caller.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        TreeMap<String, List<String>> constants = new TreeMap<>();
        walk(root, ".class").forEach(file -> {
            String path = relative(root, file);
            if (path.startsWith("io/connectors/") && filter.test(path)) {
                try (InputStream in = Files.newInputStream(file)) {
                    constants.put(path, utf8Constants(in));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        assertFalse(constants.isEmpty(), "no compiled main classes under " + root + " pass the filter");
        return constants;
    }

    private static List<Path> walk(Path root, String suffix) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.toString().endsWith(suffix)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    /** The UTF-8 entries of a class file's constant pool: every class, descriptor and signature it names. */
    private static List<String> utf8Constants(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        List<String> strings = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> strings.add(in.readUTF());
                case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                case 15 -> in.skipNBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++;
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        return strings;
    }
}
