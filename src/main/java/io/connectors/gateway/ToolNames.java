package io.connectors.gateway;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How the gateway names tools: {@code <prefix>__<tool>}, where {@code prefix} is a slug of the toolset's name
 * ({@code [a-z0-9_]}, at most 24 characters, never two underscores in a row, so the first {@code __} of a name
 * always ends its prefix).
 *
 * <p>Unique within a teammate by one deterministic rule: toolsets are taken in assignment order (oldest first) and
 * the first with a slug keeps it; a later toolset with the same slug gets {@code _} and 4 hex characters of the
 * SHA-256 of its stable key (connector id, or predefined key and toolset) instead of its slug's tail. A prefix so
 * stays the same while its toolset's name does, whatever else is enabled or disabled after it.
 */
public final class ToolNames {

    public static final int MAX_PREFIX_LENGTH = 24;
    public static final String SEPARATOR = "__";

    private ToolNames() {
    }

    /** One toolset to name: what people call it and what never changes about it. */
    public record Named(String name, String stableKey) {
    }

    /** The prefix of every toolset, in the order given (assignment order), by the rule above. */
    public static Map<String, String> prefixes(List<Named> toolsets) {
        Map<String, String> byKey = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        for (Named toolset : toolsets) {
            String slug = slug(toolset.name());
            String prefix = slug;
            if (!taken.add(prefix)) {
                String hash = hash(toolset.stableKey());
                for (int length = 4; length <= hash.length(); length += 2) {
                    String base = slug.substring(0, Math.min(slug.length(), MAX_PREFIX_LENGTH - 1 - length));
                    prefix = trimUnderscores(base) + "_" + hash.substring(0, length);
                    if (taken.add(prefix)) {
                        break;
                    }
                }
            }
            byKey.put(toolset.stableKey(), prefix);
        }
        return byKey;
    }

    /** Lower case ASCII letters and digits; every other run becomes one {@code _}; "mcp" when nothing is left. */
    public static String slug(String name) {
        StringBuilder slug = new StringBuilder();
        String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
        for (int i = 0; i < lower.length() && slug.length() < MAX_PREFIX_LENGTH; i++) {
            char c = lower.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
                slug.append(c);
            } else if (slug.length() > 0 && slug.charAt(slug.length() - 1) != '_') {
                slug.append('_');
            }
        }
        String trimmed = trimUnderscores(slug.toString());
        return trimmed.isEmpty() ? "mcp" : trimmed;
    }

    /** The gateway's name of an upstream tool. */
    public static String toolName(String prefix, String upstreamTool) {
        return prefix + SEPARATOR + upstreamTool;
    }

    /** {@code [prefix, upstream tool]} of a gateway tool name, or {@code null} when it has no prefix. */
    public static String[] split(String name) {
        int at = name == null ? -1 : name.indexOf(SEPARATOR);
        if (at <= 0 || at + SEPARATOR.length() >= name.length()) {
            return null;
        }
        return new String[] {name.substring(0, at), name.substring(at + SEPARATOR.length())};
    }

    private static String trimUnderscores(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && text.charAt(start) == '_') {
            start++;
        }
        while (end > start && text.charAt(end - 1) == '_') {
            end--;
        }
        return text.substring(start, end);
    }

    private static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
