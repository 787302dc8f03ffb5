package io.connectors.variable;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The {@code {{NAME}}} scanner: its contract, and the same answers as the pattern it replaced. */
class VariableTemplateTest {

    /** The pattern the scanner replaced (cubic on {@code {{} and many spaces): the oracle for small inputs. */
    private static final Pattern OLD_REFERENCE = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");

    @Test
    void findsReferencesWithWhitespaceInside() {
        assertEquals(List.of("A", "B_2", "c"), List.copyOf(VariableTemplate.references(
                "https://{{A}}.example.com/{{ B_2 }}?k={{\tc\t}}&again={{A}}")));
        assertEquals(Set.of(), VariableTemplate.references("no references, {single} braces, {{ broken"));
        assertEquals(List.of("X"), List.copyOf(VariableTemplate.references("{{{X}}}")));
        assertEquals(List.of(""), List.copyOf(VariableTemplate.references("{{   }}")));
    }

    @Test
    void invalidNamesTheFirstBadReference() {
        assertNull(VariableTemplate.invalid("Bearer {{TOKEN}}"));
        assertEquals("not-a-name", VariableTemplate.invalid("{{OK}} {{ not-a-name }} {{1x}}"));
        assertEquals("", VariableTemplate.invalid("{{ }}"));
        assertNull(VariableTemplate.invalid(null));
    }

    @Test
    void renderInjectsAndNamesAnUnknownVariable() {
        assertEquals("https://acme.example.com:8443/mcp", VariableTemplate.render(
                "https://{{ TENANT }}.example.com:{{PORT}}/mcp", Map.of("TENANT", "acme", "PORT", "8443")));
        assertEquals("a$1\\b", VariableTemplate.render("a{{V}}b", Map.of("V", "$1\\")));
        VariableTemplate.UnknownVariableException e = assertThrows(VariableTemplate.UnknownVariableException.class,
                () -> VariableTemplate.render("x {{MISSING}}", Map.of()));
        assertEquals("MISSING", e.variable());
        assertEquals("plain", VariableTemplate.render("plain", Map.of()));
    }

    @Test
    void answersAsTheOldPatternDidOnRandomInputs() {
        Random random = new Random(8);
        String alphabet = "{} \taZ_9-.\u00e9";
        for (int round = 0; round < 50_000; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(24);
            for (int i = 0; i < length; i++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String input = text.toString();
            assertEquals(oldReferences(input), VariableTemplate.references(input), input);
            assertEquals(oldReplace(input), VariableTemplate.replace(input, name -> "<" + name + ">"), input);
        }
    }

    private static Set<String> oldReferences(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = OLD_REFERENCE.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static String oldReplace(String text) {
        Matcher m = OLD_REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement("<" + m.group(1) + ">"));
        }
        m.appendTail(out);
        return out.toString();
    }
}
