package io.connectors.security;

import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * {@code security/} (callers and membership) and {@code error/} (problem responses) sit under every feature and
 * import none: a feature's rule belongs to the feature, which calls them. Read from the sources' import lines (an
 * unused import leaves no trace in a class file) and from the compiled classes' constant pools (a fully qualified
 * name, an annotation or a signature counts as much as an import).
 */
class NoFeatureImportsTest {

    private static final List<String> GUARDED = List.of("security", "error");
    private static final String FEATURES = "(connector|assignment|variable|oauth|mcp|action|gateway|ui)";
    private static final Pattern FEATURE = Pattern.compile("io/connectors/" + FEATURES + "/[\\w/$]*");
    private static final Pattern FEATURE_IMPORT = Pattern.compile(
            "^import\\s+(static\\s+)?io\\.connectors\\." + FEATURES + "\\.[\\w.*]*", Pattern.MULTILINE);

    @Test
    void securityAndErrorSourcesImportNoFeature() throws IOException {
        TreeSet<String> found = new TreeSet<>();
        for (String guarded : GUARDED) {
            Path root = Path.of("src/main/java/io/connectors", guarded);
            List<Path> files;
            try (Stream<Path> walk = Files.walk(root)) {
                files = walk.filter(p -> p.toString().endsWith(".java")).toList();
            }
            assertFalse(files.isEmpty(), "no sources under " + root.toAbsolutePath());
            for (Path file : files) {
                Matcher feature = FEATURE_IMPORT.matcher(Files.readString(file));
                while (feature.find()) {
                    found.add(file + " -> " + feature.group());
                }
            }
        }
        assertEquals(new TreeSet<String>(), found);
    }

    @Test
    void securityAndErrorClassesReferToNoFeature() throws IOException, URISyntaxException {
        Path classes = Path.of(Caller.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        TreeSet<String> found = new TreeSet<>();
        for (String guarded : GUARDED) {
            Path root = classes.resolve("io/connectors/" + guarded);
            List<Path> files;
            try (Stream<Path> walk = Files.walk(root)) {
                files = walk.filter(p -> p.toString().endsWith(".class")).toList();
            }
            assertFalse(files.isEmpty(), "no compiled classes under " + root);
            for (Path file : files) {
                try (InputStream in = Files.newInputStream(file)) {
                    for (String constant : utf8Constants(in)) {
                        Matcher feature = FEATURE.matcher(constant);
                        while (feature.find()) {
                            found.add(classes.relativize(file) + " -> " + feature.group());
                        }
                    }
                }
            }
        }
        assertEquals(new TreeSet<String>(), found);
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
