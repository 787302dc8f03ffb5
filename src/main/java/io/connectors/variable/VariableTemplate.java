package io.connectors.variable;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code {{NAME}}} references to organization variables inside a connector's URL and header values.
 * Whitespace inside the braces is allowed: {@code {{ NAME }}}.
 */
public final class VariableTemplate {

    /** A valid variable name. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private VariableTemplate() {
    }

    /** Names referenced by {@code text}, in order of first use, including invalid ones (see {@link #invalid}). */
    public static Set<String> references(String text) {
        Set<String> names = new LinkedHashSet<>();
        if (text != null) {
            scan(text, (start, end, name) -> names.add(name));
        }
        return names;
    }

    /** The first reference in {@code text} whose name is not a valid variable name, or {@code null}. */
    public static String invalid(String text) {
        return references(text).stream().filter(n -> !NAME.matcher(n).matches()).findFirst().orElse(null);
    }

    /** Replaces each reference with {@code replacement(name)}; used to validate a URL's shape before injection. */
    public static String replace(String text, Function<String, String> replacement) {
        StringBuilder out = new StringBuilder(text.length());
        int[] copied = {0};
        scan(text, (start, end, name) -> {
            out.append(text, copied[0], start).append(replacement.apply(name));
            copied[0] = end;
        });
        return out.append(text, copied[0], text.length()).toString();
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

    /** One reference found by {@link #scan}: {@code text[start, end)} is {@code {{ name }}}. */
    private interface ReferenceVisitor {
        void visit(int start, int end, String name);
    }

    /**
     * Hand-written because the equivalent backtracking pattern is cubic on <code>{{</code> followed by many spaces;
     * this scan is linear. A reference is <code>{{</code>, then text without braces, then <code>}}</code>; the name
     * is that text without surrounding whitespace. Where <code>{{</code> is followed by another brace, the scan
     * moves on by one character, so <code>{{{A}}}</code> holds the reference {@code A}.
     */
    private static void scan(String text, ReferenceVisitor visitor) {
        int length = text.length();
        // The first brace at or after a position only moves forward: remembering it keeps the scan linear.
        int nextBrace = -1;
        int i = 0;
        while (i + 1 < length) {
            if (text.charAt(i) != '{' || text.charAt(i + 1) != '{') {
                i++;
                continue;
            }
            if (nextBrace < i + 2) {
                nextBrace = firstBrace(text, i + 2);
            }
            int close = nextBrace;
            if (close + 1 < length && text.charAt(close) == '}' && text.charAt(close + 1) == '}') {
                visitor.visit(i, close + 2, strip(text, i + 2, close));
                i = close + 2;
            } else {
                i++;
            }
        }
    }

    private static int firstBrace(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{' || c == '}') {
                return i;
            }
        }
        return text.length();
    }

    /** {@code text[from, to)} without leading and trailing <code>\s</code> (space, tab, line breaks, form feed, VT). */
    private static String strip(String text, int from, int to) {
        while (from < to && isSpace(text.charAt(from))) {
            from++;
        }
        while (to > from && isSpace(text.charAt(to - 1))) {
            to--;
        }
        return text.substring(from, to);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
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
