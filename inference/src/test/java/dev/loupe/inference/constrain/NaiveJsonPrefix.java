package dev.loupe.inference.constrain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A second, deliberately plain reading of Loupe's JSON output policy (see {@link JsonSchemaCompiler}): it
 * interprets the schema directly with backtracking over the bytes, sharing no code with the compiler. "Viable"
 * means some continuation completes a document the policy allows; running out of input in the middle of
 * anything counts as viable.
 */
final class NaiveJsonPrefix {
    private static final ObjectMapper JSON = new ObjectMapper();

    private interface Next {
        boolean at(int pos);
    }

    private final JsonNode root;
    private byte[] in;
    private boolean prefix;

    NaiveJsonPrefix(String schema) {
        try {
            this.root = JSON.readTree(schema);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    boolean isViablePrefix(byte[] bytes) {
        in = bytes;
        prefix = true;
        return value(root, 0, p -> p == in.length);
    }

    boolean isComplete(byte[] bytes) {
        in = bytes;
        prefix = false;
        return value(root, 0, p -> p == in.length);
    }

    private boolean end(int pos) {
        return pos >= in.length;
    }

    private int at(int pos) {
        return in[pos] & 0xFF;
    }

    private boolean value(JsonNode schema, int pos, Next k) {
        if (schema.has("$ref")) {
            return value(root.at(schema.get("$ref").asText().substring(1)), pos, k);
        }
        if (schema.has("anyOf")) {
            for (JsonNode option : schema.get("anyOf")) {
                if (value(option, pos, k)) {
                    return true;
                }
            }
            return false;
        }
        if (schema.has("const")) {
            return literal(compact(schema.get("const")), pos, k);
        }
        if (schema.has("enum")) {
            for (JsonNode option : schema.get("enum")) {
                if (matchesType(schema, option) && literal(compact(option), pos, k)) {
                    return true;
                }
            }
            return false;
        }
        for (String type : types(schema)) {
            boolean ok = switch (type) {
                case "object" -> object(schema, pos, k);
                case "array" -> array(schema, pos, k);
                case "string" -> string(schema, pos, k);
                case "number" -> number(false, pos, k);
                case "integer" -> number(true, pos, k);
                case "boolean" -> literal("true", pos, k) || literal("false", pos, k);
                case "null" -> literal("null", pos, k);
                default -> throw new IllegalArgumentException(type);
            };
            if (ok) {
                return true;
            }
        }
        return false;
    }

    private static List<String> types(JsonNode schema) {
        List<String> types = new ArrayList<>();
        JsonNode type = schema.get("type");
        if (type == null) {
            types.add(schema.has("properties") ? "object" : "array");
        } else if (type.isArray()) {
            type.forEach(t -> types.add(t.asText()));
        } else {
            types.add(type.asText());
        }
        return types;
    }

    private static boolean matchesType(JsonNode schema, JsonNode value) {
        if (!schema.has("type")) {
            return true;
        }
        for (String type : types(schema)) {
            boolean ok = switch (type) {
                case "string" -> value.isTextual();
                case "integer" -> value.isIntegralNumber();
                case "number" -> value.isNumber();
                case "boolean" -> value.isBoolean();
                case "null" -> value.isNull();
                case "object" -> value.isObject();
                default -> value.isArray();
            };
            if (ok) {
                return true;
            }
        }
        return false;
    }

    private boolean literal(String text, int pos, Next k) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            if (end(pos + i)) {
                return prefix;
            }
            if (in[pos + i] != bytes[i]) {
                return false;
            }
        }
        return k.at(pos + bytes.length);
    }

    /** One optional space. */
    private boolean space(int pos, Next k) {
        return k.at(pos) || (!end(pos) && at(pos) == ' ' && k.at(pos + 1));
    }

    private boolean object(JsonNode schema, int pos, Next k) {
        List<String> names = new ArrayList<>();
        schema.path("properties").fieldNames().forEachRemaining(names::add);
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        return literal("{", pos, p -> members(schema, names, required, 0, true, p, q -> literal("}", q, k)));
    }

    private boolean members(JsonNode schema, List<String> names, List<String> required, int i, boolean first, int pos, Next k) {
        if (i == names.size()) {
            return k.at(pos);
        }
        String name = names.get(i);
        Next member = p -> literal(compact(JSON.getNodeFactory().textNode(name)), p,
                q -> literal(":", q, r -> space(r, s -> value(schema.get("properties").get(name), s,
                        t -> members(schema, names, required, i + 1, false, t, k)))));
        boolean written = first ? member.at(pos) : literal(",", pos, p -> space(p, member));
        return written || (!required.contains(name) && members(schema, names, required, i + 1, first, pos, k));
    }

    private boolean array(JsonNode schema, int pos, Next k) {
        int min = schema.path("minItems").asInt(0);
        int max = schema.has("maxItems") ? schema.get("maxItems").asInt() : Integer.MAX_VALUE;
        return literal("[", pos, p -> items(schema.get("items"), min, max, 0, p, k));
    }

    private boolean items(JsonNode item, int min, int max, int count, int pos, Next k) {
        if (count >= min && literal("]", pos, k)) {
            return true;
        }
        if (count >= max) {
            return false;
        }
        Next one = p -> value(item, p, q -> items(item, min, max, count + 1, q, k));
        return count == 0 ? one.at(pos) : literal(",", pos, p -> space(p, one));
    }

    private boolean string(JsonNode schema, int pos, Next k) {
        int min = schema.path("minLength").asInt(0);
        int max = schema.has("maxLength") ? schema.get("maxLength").asInt() : Integer.MAX_VALUE;
        return literal("\"", pos, p -> characters(min, max, 0, p, k));
    }

    private boolean characters(int min, int max, int count, int pos, Next k) {
        if (count >= min && literal("\"", pos, k)) {
            return true;
        }
        return count < max && character(pos, p -> characters(min, max, count + 1, p, k));
    }

    /** One character of a JSON string: a raw UTF-8 sequence or an escape. */
    private boolean character(int pos, Next k) {
        if (end(pos)) {
            return prefix;
        }
        int b = at(pos);
        if (b == '"' || b < 0x20) {
            return false;
        }
        if (b == '\\') {
            return escape(pos + 1, k);
        }
        if (b < 0x80) {
            return k.at(pos + 1);
        }
        int length;
        int secondLow = 0x80;
        int secondHigh = 0xBF;
        if (b >= 0xC2 && b <= 0xDF) {
            length = 2;
        } else if (b >= 0xE0 && b <= 0xEF) {
            length = 3;
            if (b == 0xE0) {
                secondLow = 0xA0; // no overlong forms
            } else if (b == 0xED) {
                secondHigh = 0x9F; // no surrogates
            }
        } else if (b >= 0xF0 && b <= 0xF4) {
            length = 4;
            if (b == 0xF0) {
                secondLow = 0x90;
            } else if (b == 0xF4) {
                secondHigh = 0x8F; // nothing above U+10FFFF
            }
        } else {
            return false;
        }
        for (int i = 1; i < length; i++) {
            if (end(pos + i)) {
                return prefix;
            }
            int c = at(pos + i);
            if (c < (i == 1 ? secondLow : 0x80) || c > (i == 1 ? secondHigh : 0xBF)) {
                return false;
            }
        }
        return k.at(pos + length);
    }

    private boolean escape(int pos, Next k) {
        if (end(pos)) {
            return prefix;
        }
        int c = at(pos);
        if ("\"\\/bfnrt".indexOf(c) >= 0) {
            return k.at(pos + 1);
        }
        if (c != 'u') {
            return false;
        }
        String digits = hexDigits(pos + 1);
        if (digits == null) {
            return false;
        }
        if (digits.length() < 4) {
            // Out of input: viable if the digits so far can still become a code unit that may stand first.
            return prefix && anyCodeUnit(digits, 0x0000, 0xFFFF, true);
        }
        int unit = Integer.parseInt(digits, 16);
        if (unit >= 0xDC00 && unit <= 0xDFFF) {
            return false;
        }
        if (unit < 0xD800 || unit > 0xDBFF) {
            return k.at(pos + 5);
        }
        return literal("\\u", pos + 5, p -> {
            String low = hexDigits(p);
            if (low == null) {
                return false;
            }
            if (low.length() < 4) {
                return prefix && anyCodeUnit(low, 0xDC00, 0xDFFF, false);
            }
            int value = Integer.parseInt(low, 16);
            return value >= 0xDC00 && value <= 0xDFFF && k.at(p + 4);
        });
    }

    /** Up to 4 hexadecimal digits at pos (fewer only where the input ends); null at a non-digit. */
    private String hexDigits(int pos) {
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            if (end(pos + i)) {
                break;
            }
            int c = at(pos + i);
            if (Character.digit(c, 16) < 0) {
                return null;
            }
            digits.append((char) c);
        }
        return digits.toString();
    }

    /** Some unit in [lo, hi] whose 4 hex digits start with {@code digits}; low surrogates excluded when first. */
    private static boolean anyCodeUnit(String digits, int lo, int hi, boolean first) {
        String start = digits.toLowerCase(Locale.ROOT);
        for (int unit = lo; unit <= hi; unit++) {
            if (first && unit >= 0xDC00 && unit <= 0xDFFF) {
                continue;
            }
            if ("%04x".formatted(unit).startsWith(start)) {
                return true;
            }
        }
        return false;
    }

    private boolean number(boolean integer, int pos, Next k) {
        Next afterInteger = integer ? k : p -> fraction(p, q -> exponent(q, k));
        return integerPart(pos, afterInteger) || literal("-", pos, p -> integerPart(p, afterInteger));
    }

    private boolean integerPart(int pos, Next k) {
        if (end(pos)) {
            return prefix;
        }
        int c = at(pos);
        if (c == '0') {
            return k.at(pos + 1);
        }
        return c >= '1' && c <= '9' && digits(pos + 1, 1, JsonSchemaCompiler.MAX_INTEGER_DIGITS, k);
    }

    /** Digits while fewer than max were read ({@code count} so far); any point may end them. */
    private boolean digits(int pos, int count, int max, Next k) {
        if (k.at(pos)) {
            return true;
        }
        if (count >= max) {
            return false;
        }
        if (end(pos)) {
            return prefix;
        }
        return Character.isDigit(at(pos)) && at(pos) < 128 && digits(pos + 1, count + 1, max, k);
    }

    private boolean fraction(int pos, Next k) {
        return k.at(pos) || literal(".", pos, p -> {
            if (end(p)) {
                return prefix;
            }
            return at(p) >= '0' && at(p) <= '9' && digits(p + 1, 1, JsonSchemaCompiler.MAX_FRACTION_DIGITS, k);
        });
    }

    private boolean exponent(int pos, Next k) {
        if (k.at(pos)) {
            return true;
        }
        if (end(pos)) {
            return prefix;
        }
        if (at(pos) != 'e' && at(pos) != 'E') {
            return false;
        }
        Next mantissa = p -> {
            if (end(p)) {
                return prefix;
            }
            return at(p) >= '0' && at(p) <= '9' && digits(p + 1, 1, JsonSchemaCompiler.MAX_EXPONENT_DIGITS, k);
        };
        return mantissa.at(pos + 1) || literal("+", pos + 1, mantissa) || literal("-", pos + 1, mantissa);
    }

    private static String compact(JsonNode value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
