package dev.loupe.app.storage;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The JSON conventions of everything Loupe stores or exports: one configured mapper and typed reads of
 * required fields that fail with a message naming the field.
 *
 * <p>Numbers are read from their decimal text, so a {@code float} written by Jackson (the shortest decimal that
 * identifies it) reads back as the same {@code float}, bit for bit; NaN and infinities are written as strings
 * ({@code "NaN"}) and read back. Text is written as it is except surrogate halves, which get JSON's
 * six-character escapes: a string holding a lone half (a token cut between the two) stays exact through any
 * file encoding. Thread-safe: the mapper is never reconfigured after construction.
 */
public final class JsonFields {
    /** Keeps decimals exact until a field is read as {@code float} or {@code double}. */
    public static final ObjectMapper MAPPER = JsonMapper.builder(
                    new JsonFactoryBuilder().characterEscapes(new SurrogateEscapes()).build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // Keeps 80.0 as 80.0 when a tree is written again, instead of 8E+1.
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private JsonFields() {}

    /** Parses a whole JSON document; {@code what} names it in the error ("the sampler settings"). */
    public static JsonNode parse(String json, String what) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new StorageException("Loupe could not read " + what + " because it is not valid JSON; "
                    + "restore it from a backup or recreate it.", e);
        }
    }

    public static JsonNode required(JsonNode node, String field, String what) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            throw new StorageException("Loupe could not read " + what + " because the field \"" + field
                    + "\" is missing; it may have been written by another program or edited by hand.");
        }
        return value;
    }

    public static String text(JsonNode node, String field, String what) {
        JsonNode value = required(node, field, what);
        if (!value.isTextual()) {
            throw wrongType(field, "text", what);
        }
        return value.textValue();
    }

    public static int intValue(JsonNode node, String field, String what) {
        JsonNode value = required(node, field, what);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw wrongType(field, "a whole number", what);
        }
        return value.intValue();
    }

    public static long longValue(JsonNode node, String field, String what) {
        JsonNode value = required(node, field, what);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw wrongType(field, "a whole number", what);
        }
        return value.longValue();
    }

    public static boolean booleanValue(JsonNode node, String field, String what) {
        JsonNode value = required(node, field, what);
        if (!value.isBoolean()) {
            throw wrongType(field, "true or false", what);
        }
        return value.booleanValue();
    }

    public static double doubleValue(JsonNode node, String field, String what) {
        return toDouble(required(node, field, what), field, what);
    }

    public static float floatValue(JsonNode node, String field, String what) {
        return toFloat(required(node, field, what), field, what);
    }

    /** A number node (or "NaN"-style string) as a {@code double}, parsed from its exact decimal text. */
    public static double toDouble(JsonNode value, String field, String what) {
        try {
            return Double.parseDouble(numberText(value, field, what));
        } catch (NumberFormatException e) {
            throw wrongType(field, "a number", what);
        }
    }

    /** A number node (or "NaN"-style string) as a {@code float}, rounded once from its exact decimal text. */
    public static float toFloat(JsonNode value, String field, String what) {
        try {
            return Float.parseFloat(numberText(value, field, what));
        } catch (NumberFormatException e) {
            throw wrongType(field, "a number", what);
        }
    }

    private static String numberText(JsonNode value, String field, String what) {
        if (value.isNumber()) {
            return value.isBigDecimal() ? value.decimalValue().toString() : value.asText();
        }
        if (value.isTextual() && value.textValue().matches("-?Infinity|NaN")) {
            return value.textValue();
        }
        throw wrongType(field, "a number", what);
    }

    private static StorageException wrongType(String field, String expected, String what) {
        return new StorageException("Loupe could not read " + what + " because the field \"" + field
                + "\" is not " + expected + "; it may have been written by another program or edited by hand.");
    }

    /** Standard JSON escapes, plus the six-character escape for every surrogate half. */
    private static final class SurrogateEscapes extends CharacterEscapes {
        private final int[] ascii = CharacterEscapes.standardAsciiEscapesForJSON();

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return Character.isSurrogate((char) ch) ? new SerializedString(String.format("\\u%04X", ch)) : null;
        }
    }
}
