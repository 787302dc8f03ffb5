package io.connectors.mcp.client;

import io.modelcontextprotocol.json.TypeRef;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the native-image registration of the MCP SDK in step with the SDK on the classpath: an upgrade that adds or
 * renumbers a {@link TypeRef} subclass fails here, on the JVM, instead of in a native binary at run time.
 */
class McpSdkReflectionTests {

    private static final Set<String> CLIENT_SIDE_PACKAGES = Set.of(
            "io.modelcontextprotocol.client", "io.modelcontextprotocol.spec", "io.modelcontextprotocol.util");

    @Test
    void everyClientSideTypeRefOfTheSdkIsRegistered() throws Exception {
        Set<String> found = new TreeSet<>();
        Path jar = Path.of(TypeRef.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (JarFile file = new JarFile(jar.toFile())) {
            for (var entry : Collections.list(file.entries())) {
                String name = entry.getName();
                if (!name.endsWith(".class") || name.startsWith("META-INF")) {
                    continue;
                }
                String className = name.substring(0, name.length() - ".class".length()).replace('/', '.');
                String packageName = className.substring(0, className.lastIndexOf('.'));
                // This service is an MCP client: the server-side sessions of the spec package are not in its image.
                if (!CLIENT_SIDE_PACKAGES.contains(packageName) || className.contains("Server")) {
                    continue;
                }
                Class<?> type = Class.forName(className, false, getClass().getClassLoader());
                if (type.getSuperclass() == TypeRef.class) {
                    found.add(className);
                }
            }
        }
        assertFalse(found.isEmpty(), "the scan found no TypeRef subclass at all: the SDK layout changed");
        RegisterForReflection registration = McpSdkReflection.class.getAnnotation(RegisterForReflection.class);
        assertEquals(found, new TreeSet<>(Arrays.asList(registration.classNames())),
                "McpSdkReflection.classNames must list exactly the SDK's client-side TypeRef subclasses");
    }

    @Test
    void schemaTypesAreRegisteredWithTheirNestedTypes() {
        RegisterForReflection registration = McpSdkReflection.class.getAnnotation(RegisterForReflection.class);
        assertTrue(Arrays.asList(registration.targets()).contains(io.modelcontextprotocol.spec.McpSchema.class));
        assertFalse(registration.ignoreNested(), "McpSchema's records are nested: they must be registered too");
        assertTrue(registration.methods() && registration.fields());
    }
}
