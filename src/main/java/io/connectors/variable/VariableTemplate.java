package io.connectors.variable;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code {{NAME}}} references to organization variables inside a connector's URL and header values.
 * Whitespace inside the braces is allowed: {@code {{ NAME }}}.
 */
public final class VariableTemplate {

    /** A valid variable name. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern REFERENCE = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");

    private VariableTemplate() {
    }

    /** Names referenced by {@code text}, in order of first use, including invalid ones (see {@link #invalid}). */
    public static Set<String> references(String text) {
        Set<String> names = new LinkedHashSet<>();
        if (text != null) {
            Matcher m = REFERENCE.matcher(text);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** The first reference in {@code text} whose name is not a valid variable name, or {@code null}. */
    public static String invalid(String text) {
        return references(text).stream().filter(n -> !NAME.matcher(n).matches()).findFirst().orElse(null);
    }

    /** Replaces each reference with {@code placeholder(name)}; used to validate a URL's shape before injection. */
    public static String replace(String text, Function<String, String> replacement) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * Injects {@code values}; a reference to a variable that does not exist fails with
     * {@link UnknownVariableException} naming it.
     */
    public static String render(String text, Map<String, String> values) {
        if (text == null || !text.contains("{{")) {
            return text;
        }
        return replace(text, name -> {
            String value = values.get(name);
            if (value == null) {
                throw new UnknownVariableException(name);
            }
            return value;
        });
    }

    /** A {@code {{NAME}}} reference names no variable of the organization. */
    public static class UnknownVariableException extends RuntimeException {
        private final String variable;

        public UnknownVariableException(String variable) {
            super("Unknown variable {{" + variable + "}}: define it under organization variables", null, false,
                    false);
            this.variable = variable;
        }

        public String variable() {
            return variable;
        }
    }
}
