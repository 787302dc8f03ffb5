package io.connectors.mcp.client;

import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapperSupplier;
import io.modelcontextprotocol.json.schema.jackson2.JacksonJsonSchemaValidatorSupplier;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What the MCP Java SDK reads reflectively, registered for the native image (the SDK ships no native-image metadata).
 *
 * <ul>
 *   <li>{@link McpSchema} and, through it, every nested record, enum and sealed interface: Jackson binds the
 *   JSON-RPC messages and results to them by reflection (constructors, accessors, annotations). Nested classes are
 *   registered because {@code ignoreNested} is left false.</li>
 *   <li>The anonymous {@link TypeRef} subclasses the client uses: {@code TypeRef} reads its type argument with
 *   {@code getGenericSuperclass()}, which needs the class's generic signature at run time. The numbered names
 *   follow the SDK's source order; {@code McpSdkReflectionTests} fails when an SDK upgrade adds, removes or renumbers
 *   one, naming what to change.</li>
 *   <li>The JSON mapper and schema-validator suppliers the SDK finds through {@link java.util.ServiceLoader}.</li>
 * </ul>
 */
@RegisterForReflection(targets = {
        McpSchema.class,
        McpError.class,
        TypeRef.class,
        JacksonMcpJsonMapper.class,
        JacksonMcpJsonMapperSupplier.class,
        JacksonJsonSchemaValidatorSupplier.class
}, classNames = {
        // TypeRef subclasses of the client side (McpAsyncClient$1..$18), the schema and the keep-alive.
        "io.modelcontextprotocol.client.McpAsyncClient$1",
        "io.modelcontextprotocol.client.McpAsyncClient$2",
        "io.modelcontextprotocol.client.McpAsyncClient$3",
        "io.modelcontextprotocol.client.McpAsyncClient$4",
        "io.modelcontextprotocol.client.McpAsyncClient$5",
        "io.modelcontextprotocol.client.McpAsyncClient$6",
        "io.modelcontextprotocol.client.McpAsyncClient$7",
        "io.modelcontextprotocol.client.McpAsyncClient$8",
        "io.modelcontextprotocol.client.McpAsyncClient$9",
        "io.modelcontextprotocol.client.McpAsyncClient$10",
        "io.modelcontextprotocol.client.McpAsyncClient$11",
        "io.modelcontextprotocol.client.McpAsyncClient$12",
        "io.modelcontextprotocol.client.McpAsyncClient$13",
        "io.modelcontextprotocol.client.McpAsyncClient$14",
        "io.modelcontextprotocol.client.McpAsyncClient$15",
        "io.modelcontextprotocol.client.McpAsyncClient$16",
        "io.modelcontextprotocol.client.McpAsyncClient$17",
        "io.modelcontextprotocol.client.McpAsyncClient$18",
        "io.modelcontextprotocol.spec.McpSchema$1",
        "io.modelcontextprotocol.util.KeepAliveScheduler$1"
})
public final class McpSdkReflection {

    private McpSdkReflection() {
    }
}
