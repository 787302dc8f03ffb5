package io.connectors.error;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * Makes every JSON string the REST layer reads (fields, array elements, map values and keys) refuse text
 * PostgreSQL can't store, NUL and unpaired surrogates ({@link UnstorableCharacters}): the failure carries the field's path, and {@link ProblemMapper} answers a 400
 * naming it. This covers every request body, the organization actions' {@code path_params} and {@code query}
 * included, in one place.
 */
@Singleton
public class StorableTextJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        SimpleModule module = new SimpleModule("nul-rejecting-strings");
        module.addDeserializer(String.class, new StorableStringDeserializer());
        module.addKeyDeserializer(String.class, new StorableKeyDeserializer());
        mapper.registerModule(module);
    }

    /**
     * A JSON string holding NUL or an unpaired surrogate. A {@link MismatchedInputException} because the REST layer passes those on as they
     * are (other mapping failures reach the mappers wrapped in a bare 400).
     */
    public static final class UnstorableTextException extends MismatchedInputException {

        private final String field;

        UnstorableTextException(JsonParser parser, String problem) {
            super(parser, problem, String.class);
            this.field = fieldOf(parser.getParsingContext());
        }

        /**
         * Where the string is, from the parser's own position ({@code scopes[1]}, {@code body.name}): also inside
         * untyped values such as an action's {@code body}, where Jackson records no path.
         */
        public String field() {
            return field;
        }

        private static String fieldOf(JsonStreamContext context) {
            StringBuilder path = new StringBuilder();
            for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
                if (c.inArray()) {
                    path.insert(0, "[" + Math.max(c.getCurrentIndex(), 0) + "]");
                } else if (c.getCurrentName() != null) {
                    path.insert(0, (path.isEmpty() || path.charAt(0) == '[' ? "" : ".")).insert(0, c.getCurrentName());
                }
            }
            // A key may be what holds the character: never echo it raw.
            return path.isEmpty() ? "body" : printable(path.toString());
        }
    }

    /** {@code text} with NUL and surrogates replaced, safe to echo in a problem. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c == '\u0000' || Character.isSurrogate(c) ? '?' : c);
        }
        return out.toString();
    }

    static final class StorableStringDeserializer extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = super.deserialize(parser, context);
            String problem = UnstorableCharacters.problem(value);
            if (problem != null) {
                throw new UnstorableTextException(parser, problem);
            }
            return value;
        }
    }

    static final class StorableKeyDeserializer extends KeyDeserializer {

        @Override
        public Object deserializeKey(String key, DeserializationContext context) throws IOException {
            String problem = UnstorableCharacters.problem(key);
            if (problem != null) {
                throw new UnstorableTextException(context.getParser(), problem);
            }
            return key;
        }
    }
}
