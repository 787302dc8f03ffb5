package io.connectors.input;

import io.connectors.security.OpaqueIds;
import io.connectors.variable.VariableTemplate;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.ThrowingConsumer;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Every pattern the service applies to user input, run on large adversarial inputs: each must finish well under a
 * generous bound (a backtracking pattern that is quadratic or worse takes minutes at this size). Patterns that are
 * private to their class are read by name, so a renamed or removed one fails here instead of going unchecked.
 */
class InputPatternsTest {

    private static final int SIZE = 200_000;
    private static final Duration BOUND = Duration.ofSeconds(2);

    /** Inputs that make backtracking patterns blow up, or that sit at the edges of the ones we use. */
    static Map<String, String> adversarialInputs() {
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("{{ then spaces", "{{" + " ".repeat(SIZE));
        inputs.put("{{ then spaces then }", "{{" + " ".repeat(SIZE) + "}");
        inputs.put("{{ then tabs and newlines", "{{" + "\t\n\r\f".repeat(SIZE / 4));
        inputs.put("{{ spaces } repeated", "{{ } ".repeat(SIZE / 5));
        inputs.put("only {", "{".repeat(SIZE));
        inputs.put("only }", "}".repeat(SIZE));
        inputs.put("{{ name without close", "{{ " + "a".repeat(SIZE));
        inputs.put("{{ repeated with spaces", "{{ ".repeat(SIZE / 3));
        inputs.put("unbalanced {{{}}", "{{{ A }}}}{".repeat(SIZE / 10));
        inputs.put("many valid references", "{{ A }}".repeat(SIZE / 7));
        inputs.put("unicode spaces", "{{" + "\u00a0\u2028\u3000".repeat(SIZE / 3) + "}}");
        inputs.put("surrogate pairs", "{{\uD83D\uDE00".repeat(SIZE / 4));
        inputs.put("letters", "a".repeat(SIZE));
        inputs.put("camel humps", "aB".repeat(SIZE / 2));
        inputs.put("id characters then a bad one", "a-_.:".repeat(SIZE / 5) + "!");
        inputs.put("whitespace runs", " \t a".repeat(SIZE / 4));
        inputs.put("control characters", "\u0001\u0002x\u007f".repeat(SIZE / 4));
        inputs.put("token characters then a space", "!#$%&'*+-.^_`|~".repeat(SIZE / 15) + " ");
        return inputs;
    }

    /** Each pattern, applied the way the service applies it. */
    static Map<String, ThrowingConsumer<String>> patterns() throws Exception {
        Map<String, ThrowingConsumer<String>> patterns = new LinkedHashMap<>();
        patterns.put("VariableTemplate.references", VariableTemplate::references);
        patterns.put("VariableTemplate.invalid", VariableTemplate::invalid);
        patterns.put("VariableTemplate.replace", text -> VariableTemplate.replace(text, name -> "var"));
        patterns.put("VariableTemplate.render", text -> {
            try {
                VariableTemplate.render(text, Map.of("A", "value"));
            } catch (VariableTemplate.UnknownVariableException expected) {
                // the answer for most of these inputs; only the time matters here
            }
        });
        patterns.put("VariableTemplate.NAME", text -> VariableTemplate.NAME.matcher(text).matches());
        patterns.put("OpaqueIds.OPAQUE_ID", text -> OpaqueIds.OPAQUE_ID.matcher(text).matches());
        Pattern headerName = field("io.connectors.connector.service.ConnectorRules", "HEADER_NAME");
        patterns.put("ConnectorRules.HEADER_NAME", text -> headerName.matcher(text).matches());
        Pattern requestId = field("io.connectors.observability.RequestIds", "ACCEPTED");
        patterns.put("RequestIds.ACCEPTED", text -> requestId.matcher(text).matches());
        Method remoteText = method("io.connectors.mcp.client.McpFailures", "remoteText");
        patterns.put("McpFailures.remoteText", text -> remoteText.invoke(null, text));
        // TokenCallers (the scope claim) and IntegrationService (stored scopes) split on this literal pattern.
        patterns.put("scope split \\s+", text -> text.trim().split("\\s+"));
        // SecretCipher and McpFailures split on a literal character (String.split's fast path, no regex engine).
        patterns.put("split on ':' and ';'", text -> {
            text.split(":", 3);
            text.split(";");
        });
        return patterns;
    }

    @TestFactory
    List<DynamicTest> everyPatternOnUserInputRunsInLinearTime() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        Map<String, String> inputs = adversarialInputs();
        patterns().forEach((pattern, apply) -> inputs.forEach((label, input) ->
                tests.add(DynamicTest.dynamicTest(pattern + " on " + label, () ->
                        assertTimeoutPreemptively(BOUND, () -> apply.accept(input),
                                pattern + " took longer than " + BOUND + " on " + input.length() + " chars")))));
        return tests;
    }

    private static Pattern field(String className, String name) throws Exception {
        Field field = Class.forName(className).getDeclaredField(name);
        field.setAccessible(true);
        return (Pattern) field.get(null);
    }

    private static Method method(String className, String name) throws Exception {
        Method method = Class.forName(className).getDeclaredMethod(name, String.class);
        method.setAccessible(true);
        return method;
    }
}
