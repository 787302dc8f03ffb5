package io.connectors.secret;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;

/**
 * No record of the service prints a secret in {@code toString()}: every record under {@code io.connectors} is built
 * with a sentinel in each component that can carry a header value, token, client secret, variable value or request
 * body (recognized by name), and its {@code toString()} must not contain the sentinel. A log line or exception message
 * that includes such a record then shows no secret. Records found by scanning the compiled classes, so a new record
 * is covered without being listed here.
 */
class RecordsPrintNoSecretsTest {

    private static final String SENTINEL = "s3cr3t-SENTINEL";

    /** Components that carry secrets, by name: header maps, bodies, tokens, secrets, passwords, values. */
    private static final Pattern SECRET_COMPONENT = Pattern.compile(
            "headers|body|value|.*token|.*secret|.*password", Pattern.CASE_INSENSITIVE);

    /** Components that carry a URL after variables were injected into it (the runtime view, the tool lister). */
    private static final Set<String> RESOLVED_URL_RECORDS = Set.of(
            "io.connectors.mcp.api.RuntimeResponse$RuntimeServer",
            "io.connectors.mcp.client.McpToolLister$Endpoint",
            "io.connectors.mcp.service.ResolvedToolset");

    /** The variable request and response records are covered with the variable feature's own changes. */
    private static final Set<String> COVERED_ELSEWHERE = Set.of(
            "io.connectors.variable.api.VariableRequest",
            "io.connectors.variable.api.VariableResponse");

    @Test
    void noRecordPrintsASecretComponent() throws Exception {
        List<Class<?>> records = records();
        assertThat(records.size(), greaterThan(20));
        List<String> leaks = new ArrayList<>();
        int checked = 0;
        for (Class<?> type : records) {
            if (COVERED_ELSEWHERE.contains(type.getName()) || !carriesSecrets(type)) {
                continue;
            }
            checked++;
            String printed = build(type, 0).toString();
            if (printed.contains(SENTINEL)) {
                leaks.add(type.getName() + ": " + printed);
            }
        }
        assertThat(checked, greaterThan(8));
        assertThat(leaks, empty());
    }

    private static boolean carriesSecrets(Class<?> type) {
        return Stream.of(type.getRecordComponents()).anyMatch(c -> secret(type, c));
    }

    private static boolean secret(Class<?> owner, RecordComponent component) {
        return SECRET_COMPONENT.matcher(component.getName()).matches()
                || component.getName().equals("url") && RESOLVED_URL_RECORDS.contains(owner.getName());
    }

    private static Object build(Class<?> type, int depth) throws Exception {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = Stream.of(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            values[i] = value(components[i], secret(type, components[i]), depth);
        }
        Constructor<?> constructor = type.getDeclaredConstructor(types);
        constructor.setAccessible(true);
        return constructor.newInstance(values);
    }

    private static Object value(RecordComponent component, boolean secret, int depth) throws Exception {
        Class<?> type = component.getType();
        String text = secret ? SENTINEL : "plain";
        if (type == String.class) {
            return text;
        }
        if (type == Map.class || type == Object.class) {
            return Map.of("X-Api-Key", text);
        }
        if (type == Optional.class) {
            return Optional.of(text);
        }
        if (type == URI.class) {
            return new URI("https://mcp.example.com/" + text + "?key=" + text);
        }
        if (type == List.class) {
            Type element = ((ParameterizedType) component.getGenericType()).getActualTypeArguments()[0];
            if (element == String.class) {
                return List.of(text);
            }
            if (element instanceof Class<?> nested && nested.isRecord() && depth < 3) {
                return List.of(build(nested, depth + 1));
            }
            return List.of();
        }
        if (type == Set.class) {
            return Set.of(text);
        }
        if (type == UUID.class) {
            return UUID.randomUUID();
        }
        if (type == Instant.class) {
            return Instant.parse("2026-01-01T00:00:00Z");
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 1;
        }
        if (type == long.class) {
            return 1L;
        }
        if (type == byte[].class) {
            return new byte[4];
        }
        if (type.isEnum()) {
            return type.getEnumConstants()[0];
        }
        if (type.isRecord() && depth < 3) {
            return build(type, depth + 1);
        }
        return null; // entities, exceptions, numbers: not secrets, and null prints as null
    }

    private static List<Class<?>> records() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(RecordsPrintNoSecretsTest.class.getClassLoader().getResource("io/connectors/secret/SecretCipher.class").toURI())
                .getParent().getParent().getParent().getParent();
        List<Class<?>> records = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve("io/connectors"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, RecordsPrintNoSecretsTest.class.getClassLoader());
                if (type.isRecord()) {
                    records.add(type);
                }
            }
        }
        return records;
    }
}
