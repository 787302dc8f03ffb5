package io.connectors.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The page shell ({@code app/index.html}) as served, with the import map inline, and the Content-Security-Policy
 * that goes with it.
 *
 * <p>Why the import map is built here rather than by the web dependency locator's {@code generated_importmap.js}:
 * that script inserts the map as an inline {@code <script type="importmap">}, which a policy without
 * {@code 'unsafe-inline'} refuses, and its text is not known to us to hash. So the shell carries the map inline and
 * the policy allows exactly that text by its SHA-256. The map is the one the locator would generate: every
 * {@code META-INF/importmap.json} that mvnpm packages ship (Lit, TanStack Query), plus {@code app/} for the page's
 * own modules. Built once, when the service starts.
 */
final class PageShell {

    /** Where {@code index.html} asks for the import map; replaced by the map itself. */
    static final String IMPORT_MAP_MARKER = "<!-- import map -->";

    private static final String SHELL = "META-INF/resources" + SpaRoutes.INDEX;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] html;
    private final String contentSecurityPolicy;

    private PageShell(byte[] html, String contentSecurityPolicy) {
        this.html = html;
        this.contentSecurityPolicy = contentSecurityPolicy;
    }

    byte[] html() {
        return html;
    }

    String contentSecurityPolicy() {
        return contentSecurityPolicy;
    }

    /**
     * Builds the shell from the classpath. {@code identityProvider} is the issuer URL the page signs in with, if
     * any: the page reads its discovery document and calls its token endpoint, so its origin may be fetched.
     */
    static PageShell build(ClassLoader loader, Optional<String> identityProvider) {
        String template = read(loader, SHELL);
        if (!template.contains(IMPORT_MAP_MARKER)) {
            throw new IllegalStateException(SHELL + " has no " + IMPORT_MAP_MARKER + " marker");
        }
        String importMap = importMap(loader);
        String page = template.replace(IMPORT_MAP_MARKER, "<script type=\"importmap\">" + importMap + "</script>");
        String connect = identityProvider.flatMap(PageShell::origin).map(o -> "'self' " + o).orElse("'self'");
        String policy = String.join("; ",
                "default-src 'none'",
                "script-src 'self' 'sha256-" + sha256(importMap) + "'",
                "style-src 'self'",
                "img-src 'self' data:",
                "connect-src " + connect,
                "base-uri 'none'",
                "form-action 'self'",
                "frame-ancestors 'none'");
        return new PageShell(page.getBytes(StandardCharsets.UTF_8), policy);
    }

    /** The merged {@code imports} of every mvnpm package's import map, keys sorted so the hash is stable. */
    static String importMap(ClassLoader loader) {
        Map<String, String> imports = new TreeMap<>();
        try {
            for (URL url : Collections.list(loader.getResources("META-INF/importmap.json"))) {
                try (InputStream in = url.openStream()) {
                    var node = JSON.readTree(in).path("imports");
                    for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = node.fields();
                            it.hasNext();) {
                        var entry = it.next();
                        imports.put(entry.getKey(), entry.getValue().asText());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The front-end libraries' import maps could not be read", e);
        }
        imports.putIfAbsent("app/", "/app/");
        ObjectNode map = JSON.createObjectNode();
        imports.forEach(map.putObject("imports")::put);
        // "<" escaped so that no package path can end the script element early.
        return map.toString().replace("<", "\\u003c");
    }

    private static Optional<String> origin(String url) {
        try {
            URI uri = URI.create(url.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return Optional.empty();
            }
            return Optional.of(uri.getScheme() + "://" + uri.getRawAuthority().replaceFirst("^.*@", ""));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
