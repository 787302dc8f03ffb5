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
 * Makes every JSON string the REST layer reads (fields, array elements, map values and keys) refuse NUL
 * ({@link UnstorableCharacters}): the failure carries the field's path, and {@link ProblemMapper} answers a 400
 * naming it. This covers every request body, the organization actions' {@code path_params} and {@code query}
 * included, in one place.
 */
@Singleton
public class NulRejectingJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        SimpleModule module = new SimpleModule("nul-rejecting-strings");
        module.addDeserializer(String.class, new NulRejectingStringDeserializer());
        module.addKeyDeserializer(String.class, new NulRejectingKeyDeserializer());
        mapper.registerModule(module);
    }

    /**
     * A JSON string holding NUL. A {@link MismatchedInputException} because the REST layer passes those on as they
     * are (other mapping failures reach the mappers wrapped in a bare 400).
     */
    public static final class NulInJsonException extends MismatchedInputException {

        private final String field;

        NulInJsonException(JsonParser parser) {
            super(parser, UnstorableCharacters.MESSAGE, String.class);
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
            // A key may be what holds the NUL: never echo it raw.
            return path.isEmpty() ? "body" : path.toString().replace('\u0000', '?');
        }
    }

    static final class NulRejectingStringDeserializer extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = super.deserialize(parser, context);
            if (UnstorableCharacters.contains(value)) {
                throw new NulInJsonException(parser);
            }
            return value;
        }
    }

    static final class NulRejectingKeyDeserializer extends KeyDeserializer {

        @Override
        public Object deserializeKey(String key, DeserializationContext context) throws IOException {
            if (UnstorableCharacters.contains(key)) {
                throw new NulInJsonException(context.getParser());
            }
            return key;
        }
    }
}
